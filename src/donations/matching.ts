import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';

// A degree of latitude is 111.19 km on the sphere of distanceKm (6,371 km): boxes are drawn with a
// little less, so they hold the whole circle and the exact distance decides at the edge.
const KM_PER_DEG = 111.0;

/** Great-circle distance in km between two points, in SQL (no extension needed). */
export function distanceKm(
  lat1: RawBuilder<unknown> | number,
  lng1: RawBuilder<unknown> | number,
  lat2: RawBuilder<unknown>,
  lng2: RawBuilder<unknown>,
) {
  return sql<number>`(12742 * asin(least(1, sqrt(
    power(sin(radians(${lat2} - ${lat1}) / 2), 2) +
    cos(radians(${lat1})) * cos(radians(${lat2})) * power(sin(radians(${lng2} - ${lng1}) / 2), 2)))))`;
}

/**
 * Each rule of what an association may receive, in SQL over donation `d` and association `a`:
 * approved, in its categories, fitting its cold-chain kit and its min/max kg, and same-day use-by
 * food only where it declared that capacity. Named one by one so that reach.ts can tell the shop
 * which of them left nobody; fitsAssociation is all of them.
 */
export const associationRules = {
  approved: sql<boolean>`(a.kind = 'association' and a.approved)`,
  category: sql<boolean>`(a.accepted_categories is null or jsonb_array_length(a.accepted_categories) = 0 or a.accepted_categories @> jsonb_build_array(d.category))`,
  storage: sql<boolean>`(d.storage = 'ambient' or (d.storage = 'chilled' and (a.storage_chilled or a.storage_frozen)) or (d.storage = 'frozen' and a.storage_frozen))`,
  minKg: sql<boolean>`(a.min_kg is null or d.quantity_kg >= a.min_kg)`,
  maxKg: sql<boolean>`(a.max_kg is null or d.quantity_kg <= a.max_kg)`,
  sameDay: sql<boolean>`(not d.same_day or a.same_day_capacity)`,
} as const;

/**
 * What an association may receive, besides its radius (measured apart, after a bounding box):
 * every rule of associationRules. The feed, the notifications and reach.ts share it.
 */
export const fitsAssociation = sql<boolean>`(${sql.join(Object.values(associationRules), sql` and `)})`;

/** How far association `a` is from donation `d`, in km (its radius decides, after a box). */
export const associationDistanceKm = distanceKm(sql`a.lat`, sql`a.lng`, sql`d.lat`, sql`d.lng`);

/** The largest radius of any association (as `km`): a box that wide holds all that may come. */
export const largestRadius = sql`(select coalesce(max(radius_km), 0) as km from organisations where kind = 'association')`;

/**
 * Donation `d` in the box of association `a`'s radius, on the donations' indexes, before the exact
 * distance (the association's feed, and the hubs' partners in hubs/rules.ts).
 */
export const donationInRadiusBox = sql<boolean>`(d.lat between a.lat - a.radius_km / ${KM_PER_DEG} and a.lat + a.radius_km / ${KM_PER_DEG}
  and d.lng between a.lng - a.radius_km / (${KM_PER_DEG} * cos(radians(a.lat))) and a.lng + a.radius_km / (${KM_PER_DEG} * cos(radians(a.lat))))`;

/** Association `a` in a box `km` around donation `d`, on the (kind, lat) index, before the exact distance. */
export function inBoxAroundDonation(km: RawBuilder<unknown>) {
  return sql<boolean>`(a.lat between d.lat - ${km} / ${KM_PER_DEG} and d.lat + ${km} / ${KM_PER_DEG}
    and a.lng between d.lng - ${km} / (${KM_PER_DEG} * cos(radians(d.lat))) and d.lng + ${km} / (${KM_PER_DEG} * cos(radians(d.lat))))`;
}

export interface FeedRow {
  id: number;
  shop_id: number;
  shop_name: string;
  shop_address: string | null;
  shop_town: string | null;
  category: string;
  description: string;
  quantity_kg: number;
  units: number | null;
  storage: string;
  date_kind: string | null;
  product_date: string | null;
  packaged: boolean;
  same_day: boolean;
  pickup_from: Date;
  pickup_until: Date;
  lat: number;
  lng: number;
  distance_km: number;
  /** its photo's address (`/photos/<token>`), or null */
  photo_token: string | null;
  /** the quality marks the shop gave it (issue #19), shown compactly on the card */
  fresh_produce: boolean;
  quality_label: string | null;
  local_origin: string | null;
  /** the association's place and radius, for the feed cache */
  a_lat: number;
  a_lng: number;
  radius_km: number;
  /** offered "via the hub": the relay hub that would keep it for this association (src/hubs) */
  via_hub_id?: number;
  via_hub_name?: string;
}

/**
 * The open donations an association may claim, nearest first then soonest to end. A bounding box
 * on the partial (lat, lng) index of open donations keeps this fast before the exact distance.
 */
export async function openDonationsFor(
  db: Kysely<Database>,
  associationId: number,
  now: Date,
  opts: { donationId?: number; limit?: number } = {},
) {
  const result = await sql<FeedRow>`
    with a as (select * from organisations where id = ${associationId})
    select * from (
      select d.id, d.shop_id, s.name as shop_name, s.address as shop_address, s.town as shop_town,
        d.category, d.description, d.quantity_kg, d.units, d.storage, d.date_kind, d.product_date,
        d.packaged, d.same_day, d.pickup_from, d.pickup_until, d.lat, d.lng, d.photo_token,
        d.fresh_produce, d.quality_label, d.local_origin,
        ${associationDistanceKm} as distance_km, a.radius_km, a.lat as a_lat, a.lng as a_lng
      from a
      join donations d on d.status = 'open' and ${donationInRadiusBox}
      join organisations s on s.id = d.shop_id
      where d.pickup_until > ${now} and ${fitsAssociation}
        ${opts.donationId ? sql`and d.id = ${opts.donationId}` : sql``}
    ) x
    where distance_km <= radius_km
    order by distance_km, pickup_until, id
    limit ${opts.limit ?? 100}`.execute(db);
  return result.rows;
}

/**
 * Those of donations `ids` that this association has claimed and still holds, as feed rows (with
 * their distance, so the feed can keep each where its card was): after "Je le prends", the card
 * stays in its place, said as claimed, when the feed refreshes. Another's donation is not read.
 */
export async function claimedFeedRows(db: Kysely<Database>, associationId: number, ids: number[]) {
  if (ids.length === 0) return [];
  const result = await sql<FeedRow>`
    with a as (select * from organisations where id = ${associationId})
    select d.id, d.shop_id, s.name as shop_name, s.address as shop_address, s.town as shop_town,
      d.category, d.description, d.quantity_kg, d.units, d.storage, d.date_kind, d.product_date,
      d.packaged, d.same_day, d.pickup_from, d.pickup_until, d.lat, d.lng, d.photo_token,
      d.fresh_produce, d.quality_label, d.local_origin,
      ${associationDistanceKm} as distance_km, a.radius_km, a.lat as a_lat, a.lng as a_lng
    from a
    join donations d on d.claimed_by = a.id and d.status = 'claimed'
      and d.id in (${sql.join(ids)})
    join organisations s on s.id = d.shop_id
    order by distance_km, d.pickup_until, d.id`.execute(db);
  return result.rows;
}

export interface MatchRow {
  association_id: number;
  distance_km: number;
  /** its pickup days and slot, to meet the window */
  pickup_days: number[] | null;
  pickup_from: string | null;
  pickup_until: string | null;
  /** donations it claimed since the date asked, to tell associations fairly */
  recent: number;
}

/**
 * The associations each of the donations `donationIds` fits (fitsAssociation, within its radius),
 * as rows (donation_id, association_id, distance_km, pickup_days, pickup_from, pickup_until). A box
 * as wide as the largest radius, on the (kind, lat) index, before the exact distance.
 */
function fittingAssociations(donationIds: number[]) {
  return sql`(
    select x.* from (
      select d.id as donation_id, a.id as association_id,
        ${associationDistanceKm} as distance_km, a.radius_km,
        a.pickup_days, a.pickup_from, a.pickup_until
      from donations d, ${largestRadius} r
        join organisations a on a.kind = 'association'
      where d.id in (${sql.join(donationIds)}) and ${inBoxAroundDonation(sql`r.km`)}
        and ${fitsAssociation}
    ) x
    where x.distance_km <= x.radius_km
  )`;
}

/**
 * The associations each of the donations `donationIds` fits, nearest first, with their pickup
 * slots and how many donations each claimed since `claimsSince` (used to tell them fairly), by
 * donation: one statement whatever the number of donations (a batch of regular donations' dates
 * is planned at once, src/series/occurrences.ts).
 */
export async function associationsForMany(
  db: Kysely<Database>,
  donationIds: number[],
  claimsSince: Date,
) {
  const byDonation = new Map<number, MatchRow[]>(donationIds.map((id) => [id, []]));
  if (!donationIds.length) return byDonation;
  const result = await sql<MatchRow & { donation_id: number }>`
    select x.donation_id, x.association_id, x.distance_km, x.pickup_days, x.pickup_from, x.pickup_until,
      (select count(*)::int from donations c where c.claimed_by = x.association_id and c.claimed_at >= ${claimsSince}) as recent
    from ${fittingAssociations(donationIds)} x
    order by x.donation_id, x.distance_km, x.association_id`.execute(db);
  for (const { donation_id, ...row } of result.rows) byDonation.get(Number(donation_id))?.push(row);
  return byDonation;
}

/**
 * The ids of the associations each donation fits, by donation: who may hear of its changes on an
 * open page (the same rule as the feed and the notifications, in one query for them all).
 */
export async function associationIdsFitting(db: Kysely<Database>, donationIds: number[]) {
  const byDonation = new Map<number, number[]>(donationIds.map((id) => [id, []]));
  if (!donationIds.length) return byDonation;
  const result = await sql<{ donation_id: number; association_id: number }>`
    select x.donation_id, x.association_id from ${fittingAssociations(donationIds)} x
    order by x.donation_id, x.association_id`.execute(db);
  for (const r of result.rows)
    byDonation.get(Number(r.donation_id))?.push(Number(r.association_id));
  return byDonation;
}
