import { sql, type RawBuilder } from 'kysely';
import {
  associationDistanceKm,
  associationRules,
  donationInRadiusBox,
} from '../donations/matching.js';

/** A hub names at most this many live partners (invited or accepted): a cold room is small. */
export const HUB_MAX_PARTNERS = 10;
/** The most kg a hub may declare, chilled or frozen (the column's check says the same). */
export const HUB_MAX_CAPACITY_KG = 100_000;

/**
 * What partner `a` may claim through a hub, over donation `d`: every rule of what it may receive
 * (associationRules) but the cold-chain one, which it fails: chilled or frozen food it cannot
 * keep. Food it could keep itself is in its own feed, never "via the hub".
 */
export const partnerTakesViaHub = sql<boolean>`(${associationRules.approved}
  and ${associationRules.category} and ${associationRules.minKg} and ${associationRules.maxKg}
  and ${associationRules.sameDay}
  and d.storage in ('chilled', 'frozen') and not ${associationRules.storage})`;

/**
 * The kg the hub `hubId` holds or is about to hold of `storage` food: claimed through it and not
 * collected at the shop yet (the donation's kg), or collected at the shop and not yet taken from
 * the hub by the partner (the kg weighed at the hub, else at the shop); refused at the hub, or
 * never recorded there (closeUnrecordedHubSteps): none.
 */
export function heldKg(hubId: RawBuilder<unknown> | number, storage: RawBuilder<unknown> | string) {
  return sql<number>`(select coalesce(sum(case when x.status = 'claimed' then x.quantity_kg
      else coalesce(hd.received_kg, x.received_kg) end), 0)
    from donations x left join hub_deposits hd on hd.donation_id = x.id
    where x.hub_id = ${hubId} and x.storage = ${storage}
      and (x.status = 'claimed'
        or (x.status = 'picked_up' and hd.collected_at is null and hd.refusal_reason is null
          and x.hub_unrecorded_at is null)))`;
}

/**
 * Hub `hub` (its hubs row), organisation `ho` and partnership `hp` take donation `d`: the hub is
 * approved and open, the partnership accepted, its profile still has the fridge or freezer for it;
 * hubHasRoom: the food fits in what is free of its declared capacity for that storage.
 */
export const hubTakes = sql<boolean>`(ho.approved and hub.active and hp.status = 'accepted'
  and ((d.storage = 'chilled' and ho.storage_chilled) or (d.storage = 'frozen' and ho.storage_frozen)))`;
export const hubCapacity = sql<number>`(case when d.storage = 'frozen' then hub.capacity_frozen_kg else hub.capacity_chilled_kg end)`;
export const hubHasRoom = sql<boolean>`(${hubCapacity} - ${heldKg(sql`hub.organisation_id`, sql`d.storage`)} >= d.quantity_kg)`;

/**
 * What each partner `a` may claim through one of its hubs, over the donations `where` keeps (it
 * reads d, a, hp, hub, ho): partnerTakesViaHub, hubTakes, a hub with room (hubHasRoom), within the
 * partner's own radius of the shop; with the hub that would keep it, the nearest to the shop of
 * those with room. One rule for the partner's feed (hubOffersFor, one partner) and for who is told
 * of a donation or left out of it (by donation, every partner at once). Rows: donation_id,
 * association_id, via_hub_id, via_hub_name, distance_km, radius_km and the partner's pickup slots.
 * The donation's status and window are the caller's to ask (the shop's reasons read ended ones).
 */
export function hubRoutes(where: RawBuilder<unknown>) {
  return sql`(select * from (
      select distinct on (d.id, a.id) d.id as donation_id, a.id as association_id,
        ho.id as via_hub_id, ho.name as via_hub_name, ${associationDistanceKm} as distance_km,
        a.radius_km, a.pickup_days, a.pickup_from, a.pickup_until
      from hub_partners hp
      join organisations a on a.id = hp.partner_id
      join hubs hub on hub.organisation_id = hp.hub_id
      join organisations ho on ho.id = hub.organisation_id
      join donations d on d.storage in ('chilled', 'frozen') and ${donationInRadiusBox}
      where ${where} and ${partnerTakesViaHub} and ${hubTakes} and ${hubHasRoom}
      order by d.id, a.id, (ho.lat - d.lat) ^ 2 + (ho.lng - d.lng) ^ 2, ho.id
    ) r
    where r.distance_km <= r.radius_km)`;
}
