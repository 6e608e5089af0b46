import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { associationDistanceKm, type FeedRow } from '../donations/matching.js';
import { hubHasRoom, hubTakes, partnerTakesViaHub } from './rules.js';

const KM_PER_DEG = 111.0;

/**
 * The open chilled and frozen donations partner `partnerId` may claim through one of its hubs
 * (partnerTakesViaHub, within its own radius, a hub with room), each with the hub that would keep
 * it: the nearest to the shop of those with room. Nearest first, then soonest to end.
 */
export async function hubOffersFor(
  db: Kysely<Database>,
  partnerId: number,
  now: Date,
  opts: { donationId?: number; limit?: number } = {},
): Promise<FeedRow[]> {
  const { rows } = await sql<FeedRow>`
    with a as (select * from organisations where id = ${partnerId})
    select * from (
      select distinct on (d.id) d.id, d.shop_id, s.name as shop_name, s.address as shop_address,
        s.town as shop_town, d.category, d.description, d.quantity_kg, d.units, d.storage,
        d.date_kind, d.product_date, d.packaged, d.same_day, d.pickup_from, d.pickup_until, d.lat,
        d.lng, d.photo_token, d.fresh_produce, d.quality_label, d.local_origin,
        ${associationDistanceKm} as distance_km, a.radius_km,
        a.lat as a_lat, a.lng as a_lng, ho.id as via_hub_id, ho.name as via_hub_name
      from a
      join hub_partners hp on hp.partner_id = a.id
      join hubs hub on hub.organisation_id = hp.hub_id
      join organisations ho on ho.id = hub.organisation_id
      join donations d on d.status = 'open' and d.storage in ('chilled', 'frozen')
        and d.lat between a.lat - a.radius_km / ${KM_PER_DEG} and a.lat + a.radius_km / ${KM_PER_DEG}
        and d.lng between a.lng - a.radius_km / (${KM_PER_DEG} * cos(radians(a.lat))) and a.lng + a.radius_km / (${KM_PER_DEG} * cos(radians(a.lat)))
      join organisations s on s.id = d.shop_id
      where d.pickup_until > ${now} and ${partnerTakesViaHub} and ${hubTakes} and ${hubHasRoom}
        ${opts.donationId ? sql`and d.id = ${opts.donationId}` : sql``}
      order by d.id, (ho.lat - d.lat) ^ 2 + (ho.lng - d.lng) ^ 2, ho.id
    ) x
    where distance_km <= radius_km
    order by distance_km, pickup_until, id
    limit ${opts.limit ?? 100}`.execute(db);
  return rows.map((r) => ({ ...r, via_hub_id: Number(r.via_hub_id) }));
}
