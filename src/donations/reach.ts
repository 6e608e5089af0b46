import { sql } from 'kysely';
import type { Db } from './donation.js';
import {
  associationDistanceKm,
  associationRules,
  inBoxAroundDonation,
  largestRadius,
} from './matching.js';
import { hubRoutes } from '../hubs/rules.js';

/**
 * Why no association can take a donation, one rule at a time, with the figure that would help.
 * `associations` is how many approved associations that rule excludes: for the radius, those too
 * far that are still within the largest radius of any association (an association of another town
 * is not in reach, so not counted: 0 when none is, with the nearest's distance); for the other
 * rules, those near enough (the far ones are not the shop's to win over).
 */
export type ReachReason =
  | { rule: 'none_approved'; /** associations still awaiting approval */ waiting: number }
  | {
      rule: 'radius';
      associations: number;
      /** the nearest approved one (in reach or not), 0.1 km */ nearestKm: number;
    }
  | { rule: 'category'; associations: number }
  | { rule: 'storage'; associations: number; storage: 'chilled' | 'frozen' }
  | {
      rule: 'min_kg';
      associations: number;
      /** the smallest minimum, and how many ask for just that */
      kg: number;
      atKg: number;
    }
  | {
      rule: 'max_kg';
      associations: number;
      /** the largest maximum, and how many take up to just that */
      kg: number;
      atKg: number;
    }
  | { rule: 'same_day'; associations: number };

/** How many associations may take a donation; when none, why (empty when some may). */
export interface Reach {
  associations: number;
  reasons: ReachReason[];
}

interface Tally {
  storage: 'ambient' | 'chilled' | 'frozen';
  fitting: number;
  approved: number;
  waiting: number;
  far: number;
  near: number;
  nearest_km: number | null;
  category: number;
  storage_excluded: number;
  min_kg: number;
  smallest_min_kg: number | null;
  at_smallest_min: number;
  max_kg: number;
  largest_max_kg: number | null;
  at_largest_max: number;
  same_day: number;
}

const { approved, category, storage, minKg, maxKg, sameDay } = associationRules;

/**
 * Who could take donation `donationId`: the associations the feed and the notifications would
 * offer it to (matching.ts's rules and radius, and a hub's partners through the hub: hubRoutes),
 * counted; when there are none, each rule with the
 * number of associations it leaves out, so the shop is told at once instead of waiting.
 */
export async function whoCouldTake(db: Db, donationId: number): Promise<Reach> {
  const r = await tally(db, donationId);
  if (r.fitting > 0) return { associations: r.fitting, reasons: [] };
  return { associations: 0, reasons: reasonsFrom(r) };
}

/**
 * The rules that leave associations out of a donation some could take (too far, no fridge, not
 * that category...), with their counts: why more were not told, for the shop's "nobody took it".
 */
export async function whyOthersCannot(db: Db, donationId: number): Promise<ReachReason[]> {
  const r = await tally(db, donationId);
  return r.approved > 0 ? reasonsFrom(r) : [];
}

/**
 * whoCouldTake for a donation just posted, whose fitting associations posting already read (the
 * same rule): counted without a query when some fit; the reasons are read only when none does.
 */
export async function reachAtPosting(
  db: Db,
  d: { id: number; reachable: number | null },
): Promise<Reach> {
  if (d.reachable) return { associations: d.reachable, reasons: [] };
  return whoCouldTake(db, d.id);
}

async function tally(db: Db, donationId: number): Promise<Tally> {
  // the associations in a box as wide as the largest radius (the others are all too far), one
  // pass over them for every count; `near` is approved and within its own radius; `via_hub`: a
  // partner without the fridge that may claim it through a hub (the rule of its feed): it could
  // take it, so it is not one of those without cold storage
  const { rows } = await sql<Tally>`
    with d as (select * from donations where id = ${donationId}),
    hubbed as (select r.association_id from ${hubRoutes(sql`d.id = ${donationId}`)} r),
    x as (
      select y.*, y.approved and y.distance_km <= y.radius_km as near from (
        select a.min_kg, a.max_kg, a.radius_km, ${associationDistanceKm} as distance_km, r.km as reach_km,
          ${approved} as approved, ${category} as category, ${storage} as storage,
          ${minKg} as min_kg_ok, ${maxKg} as max_kg_ok, ${sameDay} as same_day,
          a.id in (select association_id from hubbed) as via_hub
        from d, ${largestRadius} r
          join organisations a on a.kind = 'association'
        where ${inBoxAroundDonation(sql`r.km`)}
      ) y
    ),
    everyone as (
      select count(*) filter (where a.approved)::int as approved,
        count(*) filter (where not a.approved)::int as waiting
      from organisations a where a.kind = 'association'
    ),
    t as (
      select
        count(*) filter (where near and (via_hub or (category and storage and min_kg_ok and max_kg_ok and same_day)))::int as fitting,
        (select approved from everyone) as approved,
        (select waiting from everyone) as waiting,
        count(*) filter (where approved and not near and distance_km <= reach_km)::int as far,
        count(*) filter (where near)::int as near,
        -- beyond the box (a scan of them all) only when no association too far is in it
        coalesce(min(distance_km) filter (where approved and not near),
          (select min(${associationDistanceKm}) from d, organisations a
            where ${approved} and ${associationDistanceKm} > a.radius_km)) as nearest_km,
        count(*) filter (where near and not category)::int as category,
        count(*) filter (where near and not storage and not via_hub)::int as storage_excluded,
        count(*) filter (where near and not min_kg_ok)::int as min_kg,
        min(min_kg) filter (where near and not min_kg_ok) as smallest_min_kg,
        count(*) filter (where near and not max_kg_ok)::int as max_kg,
        max(max_kg) filter (where near and not max_kg_ok) as largest_max_kg,
        count(*) filter (where near and not same_day)::int as same_day
      from x
    )
    select t.*, (select storage from d) as storage,
      (select count(*) from x where near and not min_kg_ok and min_kg = t.smallest_min_kg)::int as at_smallest_min,
      (select count(*) from x where near and not max_kg_ok and max_kg = t.largest_max_kg)::int as at_largest_max
    from t`.execute(db);
  return rows[0];
}

function reasonsFrom(r: Tally): ReachReason[] {
  if (r.approved === 0) return [{ rule: 'none_approved', waiting: r.waiting }];
  const reasons: ReachReason[] = [];
  // too far: those in reach; when no association is near at all, the nearest however far
  if (r.far > 0 || (r.near === 0 && r.nearest_km != null))
    reasons.push({
      rule: 'radius',
      associations: r.far,
      nearestKm: Math.round(Number(r.nearest_km) * 10) / 10,
    });
  if (r.category > 0) reasons.push({ rule: 'category', associations: r.category });
  if (r.storage_excluded > 0 && r.storage !== 'ambient')
    reasons.push({ rule: 'storage', associations: r.storage_excluded, storage: r.storage });
  if (r.min_kg > 0)
    reasons.push({
      rule: 'min_kg',
      associations: r.min_kg,
      kg: Number(r.smallest_min_kg),
      atKg: r.at_smallest_min,
    });
  if (r.max_kg > 0)
    reasons.push({
      rule: 'max_kg',
      associations: r.max_kg,
      kg: Number(r.largest_max_kg),
      atKg: r.at_largest_max,
    });
  if (r.same_day > 0) reasons.push({ rule: 'same_day', associations: r.same_day });
  return reasons;
}
