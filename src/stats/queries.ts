// The figures of a period (Stats): computeStats reads them from the summaries; assembleStats
// turns grouped sums into counters, breakdowns and rankings (raw.ts reuses it on the donations).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { StatsQuery } from '../shared/period.js';
import { factorFor, type Factors } from './factors.js';
import type { Scope } from '../shared/scope.js';
import { EXACT_MEDIAN_LIMIT, estimateMedian, medianMinutesToClaim } from './claim-time.js';
import {
  CLAIM_COLS,
  filterSql,
  groupedSums,
  SUM_COLS,
  type GroupedRow,
  type Sums,
} from './summaries.js';

export interface OrgFigures {
  id: number;
  name: string;
  town: string | null;
  lat: number;
  lng: number;
  donations: number;
  postedKg: number;
  pickups: number;
  kg: number;
  defects: number;
  followedUp: number;
  defectRate: number | null;
}

export interface Stats {
  from: string;
  to: string;
  series: 'week' | 'month';
  donations: number;
  postedKg: number;
  claimed: number;
  shareClaimed: number | null;
  pickups: number;
  pickedUpKg: number;
  meals: number;
  co2eKg: number;
  valueEur: number;
  valueGivenEur: number;
  valueEstimatedKg: number;
  expiredKg: number;
  refusedKg: number;
  wasteKg: number;
  quality: { good: number; acceptable: number; poor: number; refused: number };
  defects: number;
  followedUp: number;
  medianMinutesToClaim: number | null;
  /** True when the median was estimated from the claim-time classes (many claims), false when exact. */
  medianEstimated: boolean;
  byCategory: {
    category: string;
    donations: number;
    postedKg: number;
    kg: number;
    meals: number;
    co2eKg: number;
    valueEur: number;
  }[];
  timeSeries: { start: string; donations: number; postedKg: number; kg: number; wasteKg: number }[];
  shops: OrgFigures[];
  associations: OrgFigures[];
}

const r2 = (n: number) => Math.round(n * 100) / 100;
const zero = (): Sums => Object.fromEntries(SUM_COLS.map((c) => [c, 0])) as unknown as Sums;

/** Defects of the period that the shop has followed up with at least one corrective action, by shop. */
async function followedUpByShop(db: Kysely<Database>, scope: Scope, q: StatsQuery) {
  const { rows } = await sql<{ shop_id: number; n: number }>`
    select d.shop_id, count(distinct d.id)::int as n from quality_actions a join donations d on d.id = a.donation_id
    where d.status in ('picked_up', 'refused')
      and stats_local_day(coalesce(d.picked_up_at, d.closed_at, d.pickup_until)) between ${q.from} and ${q.to}
      and ${filterSql(scope, q, { shop: 'd.shop_id', assoc: 'd.claimed_by', category: 'd.category' })}
    group by d.shop_id`.execute(db);
  return new Map(rows.map((r) => [r.shop_id, Number(r.n)]));
}

/** Value of what was picked up: the shop's value when given, else kg × the factor of its category. */
function figuresOf(s: Sums, category: string, f: Factors) {
  return {
    meals: s.picked_kg / factorFor(f, 'meal_kg', category),
    co2eKg: s.picked_kg * factorFor(f, 'co2e_per_kg', category),
    valueEur: s.picked_value_eur + s.picked_novalue_kg * factorFor(f, 'value_eur_per_kg', category),
  };
}

export async function computeStats(
  db: Kysely<Database>,
  scope: Scope,
  q: StatsQuery,
  f: Factors,
): Promise<Stats> {
  const [rows, followed] = await Promise.all([
    groupedSums(db, scope, q),
    followedUpByShop(db, scope, q),
  ]);
  const classes = CLAIM_COLS.map((c) =>
    rows.filter((r) => r.g === 'category').reduce((a, r) => a + Number(r[c]), 0),
  );
  const claims = classes.reduce((a, b) => a + b, 0);
  if (claims <= EXACT_MEDIAN_LIMIT)
    return assembleStats(db, q, f, rows, await medianMinutesToClaim(db, scope, q), followed);
  return {
    ...(await assembleStats(db, q, f, rows, estimateMedian(classes), followed)),
    medianEstimated: true,
  };
}

export async function assembleStats(
  db: Kysely<Database>,
  q: StatsQuery,
  f: Factors,
  rows: GroupedRow[],
  median: number | null,
  followed: Map<number, number>,
): Promise<Stats> {
  const total = zero();
  let meals = 0;
  let co2e = 0;
  let value = 0;
  const byCategory: Stats['byCategory'] = [];
  for (const r of rows.filter((r) => r.g === 'category')) {
    for (const c of SUM_COLS) total[c] += Number(r[c]);
    const fig = figuresOf(r, r.category!, f);
    meals += fig.meals;
    co2e += fig.co2eKg;
    value += fig.valueEur;
    byCategory.push({
      category: r.category!,
      donations: r.posted_n,
      postedKg: r2(r.posted_kg),
      kg: r2(r.picked_kg),
      meals: Math.round(fig.meals),
      co2eKg: r2(fig.co2eKg),
      valueEur: r2(fig.valueEur),
    });
  }
  byCategory.sort(
    (a, b) => b.kg - a.kg || b.postedKg - a.postedKg || a.category.localeCompare(b.category),
  );
  const timeSeries = rows
    .filter((r) => r.g === 'bucket')
    .map((r) => ({
      start: r.bucket!,
      donations: r.posted_n,
      postedKg: r2(r.posted_kg),
      kg: r2(r.picked_kg),
      wasteKg: r2(r.expired_kg + r.refused_kg),
    }))
    .sort((a, b) => a.start.localeCompare(b.start));

  const shopRows = rows.filter((r) => r.g === 'shop');
  const assocRows = rows.filter((r) => r.g === 'association' && r.association_id !== 0);
  const ids = [...shopRows.map((r) => r.shop_id!), ...assocRows.map((r) => r.association_id!)];
  const orgs = ids.length
    ? await db
        .selectFrom('organisations')
        .select(['id', 'name', 'town', 'lat', 'lng'])
        .where('id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const org = (id: number, s: Sums, followedUp: number): OrgFigures => {
    const o = byId.get(id) ?? { id, name: `#${id}`, town: null, lat: 0, lng: 0 };
    const handed = s.picked_n + s.refused_n;
    return {
      id,
      name: o.name,
      town: o.town,
      lat: o.lat,
      lng: o.lng,
      donations: s.posted_n,
      postedKg: r2(s.posted_kg),
      pickups: s.picked_n,
      kg: r2(s.picked_kg),
      defects: s.defects_n,
      followedUp,
      defectRate: handed ? Math.round((s.defects_n / handed) * 1000) / 1000 : null,
    };
  };
  const rank = (a: OrgFigures, b: OrgFigures) =>
    b.kg - a.kg || b.postedKg - a.postedKg || a.name.localeCompare(b.name);
  const shops = shopRows.map((r) => org(r.shop_id!, r, followed.get(r.shop_id!) ?? 0)).sort(rank);
  const associations = assocRows.map((r) => org(r.association_id!, r, 0)).sort(rank);

  return {
    from: q.from,
    to: q.to,
    series: q.series,
    donations: total.posted_n,
    postedKg: r2(total.posted_kg),
    claimed: total.claimed_n,
    shareClaimed: total.posted_n
      ? Math.round((total.claimed_n / total.posted_n) * 1000) / 1000
      : null,
    pickups: total.picked_n,
    pickedUpKg: r2(total.picked_kg),
    meals: Math.round(meals),
    co2eKg: r2(co2e),
    valueEur: r2(value),
    valueGivenEur: r2(total.picked_value_eur),
    valueEstimatedKg: r2(total.picked_novalue_kg),
    expiredKg: r2(total.expired_kg),
    refusedKg: r2(total.refused_kg),
    wasteKg: r2(total.expired_kg + total.refused_kg),
    quality: {
      good: total.q_good,
      acceptable: total.q_acceptable,
      poor: total.q_poor,
      refused: total.q_refused,
    },
    defects: total.defects_n,
    followedUp: [...followed.values()].reduce((a, b) => a + b, 0),
    medianMinutesToClaim: median,
    medianEstimated: false,
    byCategory,
    timeSeries,
    shops,
    associations,
  };
}
