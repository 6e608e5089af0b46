import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { associationsForMany, type FeedRow, type MatchRow } from '../donations/matching.js';
import { hubRoutes } from './rules.js';

/**
 * The open chilled and frozen donations partner `partnerId` may claim through one of its hubs
 * (hubRoutes: partnerTakesViaHub, within its own radius, a hub with room), each with the hub that
 * would keep it: the nearest to the shop of those with room. Nearest first, then soonest to end.
 */
export async function hubOffersFor(
  db: Kysely<Database>,
  partnerId: number,
  now: Date,
  opts: { donationId?: number; limit?: number } = {},
): Promise<FeedRow[]> {
  const routes = hubRoutes(sql`a.id = ${partnerId} and d.status = 'open' and d.pickup_until > ${now}
    ${opts.donationId ? sql`and d.id = ${opts.donationId}` : sql``}`);
  const { rows } = await sql<FeedRow>`
    select d.id, d.shop_id, s.name as shop_name, s.address as shop_address,
      s.town as shop_town, d.category, d.description, d.quantity_kg, d.units, d.storage,
      d.date_kind, d.product_date, d.packaged, d.same_day, d.pickup_from, d.pickup_until, d.lat,
      d.lng, d.photo_token, d.fresh_produce, d.quality_label, d.local_origin,
      r.distance_km, r.radius_km, a.lat as a_lat, a.lng as a_lng, r.via_hub_id, r.via_hub_name
    from ${routes} r
    join donations d on d.id = r.donation_id
    join organisations s on s.id = d.shop_id
    join organisations a on a.id = r.association_id
    order by r.distance_km, d.pickup_until, d.id
    limit ${opts.limit ?? 100}`.execute(db);
  return rows.map((r) => ({ ...r, via_hub_id: Number(r.via_hub_id) }));
}

/** An association a donation may be offered to: itself, or a partner through hub `via_hub_id`. */
export interface OfferMatch extends MatchRow {
  via_hub_id: number | null;
}

/**
 * Everyone each of the donations `donationIds` may be offered to, nearest first, by donation: the
 * associations it fits (associationsForMany) and the hub partners that may claim it through a hub
 * (hubRoutes, the rule of their feed), with the hub. The two never meet: a partner that could keep
 * it itself is not offered it via a hub. Two statements whatever the number of donations and
 * partners.
 */
export async function offerMatchesForMany(
  db: Kysely<Database>,
  donationIds: number[],
  claimsSince: Date,
): Promise<Map<number, OfferMatch[]>> {
  const byDonation = new Map<number, OfferMatch[]>(donationIds.map((id) => [id, []]));
  if (!donationIds.length) return byDonation;
  // one after the other: in a transaction, on its one connection
  const own = await associationsForMany(db, donationIds, claimsSince);
  const viaHub = await sql<OfferMatch & { donation_id: number }>`
      select r.donation_id, r.association_id, r.distance_km, r.pickup_days, r.pickup_from,
        r.pickup_until, r.via_hub_id,
        (select count(*)::int from donations c where c.claimed_by = r.association_id and c.claimed_at >= ${claimsSince}) as recent
      from ${hubRoutes(sql`d.id in (${sql.join(donationIds)})`)} r`.execute(db);
  for (const [id, rows] of own)
    byDonation.get(id)!.push(...rows.map((m) => ({ ...m, via_hub_id: null })));
  for (const { donation_id, ...m } of viaHub.rows)
    byDonation.get(Number(donation_id))?.push({ ...m, via_hub_id: Number(m.via_hub_id) });
  for (const matches of byDonation.values())
    matches.sort(
      (a, b) =>
        Number(a.distance_km) - Number(b.distance_km) ||
        Number(a.association_id) - Number(b.association_id),
    );
  return byDonation;
}

/** offerMatchesForMany for one donation. */
export async function offerMatchesFor(
  db: Kysely<Database>,
  donationId: number,
  claimsSince: Date,
): Promise<OfferMatch[]> {
  return (await offerMatchesForMany(db, [donationId], claimsSince)).get(donationId)!;
}
