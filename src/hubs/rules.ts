import { sql, type RawBuilder } from 'kysely';
import { associationRules } from '../donations/matching.js';

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
 * the hub by the partner (the kg weighed at the hub, else at the shop); refused at the hub: none.
 */
export function heldKg(hubId: RawBuilder<unknown> | number, storage: RawBuilder<unknown> | string) {
  return sql<number>`(select coalesce(sum(case when x.status = 'claimed' then x.quantity_kg
      else coalesce(hd.received_kg, x.received_kg) end), 0)
    from donations x left join hub_deposits hd on hd.donation_id = x.id
    where x.hub_id = ${hubId} and x.storage = ${storage}
      and (x.status = 'claimed'
        or (x.status = 'picked_up' and hd.collected_at is null and hd.refusal_reason is null)))`;
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
