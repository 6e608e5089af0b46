import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RollupSums } from './tables.js';
import { addDays, wholeMonths, type StatsQuery } from '../shared/period.js';
import { factorFor, type Factors } from './factors.js';
import { inScope, type Scope } from '../shared/scope.js';

/** The counters of a summary row (migration 0004), without its keys. */
export type Sums = Omit<RollupSums, 'shop_id' | 'association_id' | 'category'> & {
  [claimClass: `claim_m${number}`]: number;
};
/** Lower edges (minutes) of the claim-time classes kept in the summaries (migration 0004). */
export const CLAIM_EDGES = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 720, 1440, 2880];
const CLAIM_COLS = CLAIM_EDGES.map((_, i) => `claim_m${i}` as const);
export const SUM_COLS = [
  'posted_n',
  'claimed_n',
  'picked_n',
  'q_good',
  'q_acceptable',
  'q_poor',
  'q_refused',
  'expired_n',
  'refused_n',
  'defects_n',
  'posted_kg',
  'picked_kg',
  'picked_value_eur',
  'picked_novalue_kg',
  'expired_kg',
  'refused_kg',
  ...CLAIM_COLS,
] as const;
/** Up to this many claims the median is exact (read from the donations); above, estimated from the classes. */
export const EXACT_MEDIAN_LIMIT = 2000;

export interface GroupedRow extends Sums {
  g: 'category' | 'shop' | 'association' | 'bucket';
  category: string | null;
  shop_id: number | null;
  association_id: number | null;
  bucket: string | null;
}

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

/** Conditions shared by the summaries and the raw donations (column names differ). */
export function filterSql(
  scope: Scope,
  q: StatsQuery,
  cols: { shop: string; assoc: string; category: string },
): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [inScope(scope, cols.shop, cols.assoc)];
  if (q.category) parts.push(sql`${sql.ref(cols.category)} = ${q.category}`);
  if (q.shopId) parts.push(sql`${sql.ref(cols.shop)} = ${q.shopId}`);
  if (q.associationId) parts.push(sql`${sql.ref(cols.assoc)} = ${q.associationId}`);
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

/**
 * The summary rows of the period: whole months from stats_monthly when the series is monthly,
 * the days at either end (or all days, for a weekly series) from stats_daily.
 */
function sourceRows(q: StatsQuery) {
  const cols = sql.raw(`shop_id, association_id, category, ${SUM_COLS.join(', ')}`);
  const months = q.series === 'month' ? wholeMonths(q.from, q.to) : null;
  if (!months)
    return sql`select day as d, ${cols} from stats_daily where day between ${q.from} and ${q.to}`;
  const [start, end] = months;
  return sql`select day as d, ${cols} from stats_daily where day >= ${q.from} and day < ${start}
    union all select month as d, ${cols} from stats_monthly where month >= ${start} and month < ${end}
    union all select day as d, ${cols} from stats_daily where day >= ${end} and day <= ${q.to}`;
}

/** One pass over the summaries: sums by category, by shop, by association and by period bucket. */
export async function groupedSums(
  db: Kysely<Database>,
  scope: Scope,
  q: StatsQuery,
): Promise<GroupedRow[]> {
  const sums = sql.raw(SUM_COLS.map((c) => `sum(${c})::float8 as ${c}`).join(', '));
  const unit = q.series === 'month' ? 'month' : 'week';
  const res = await sql<GroupedRow>`
    with src as (${sourceRows(q)})
    select case when grouping(category) = 0 then 'category' when grouping(shop_id) = 0 then 'shop'
                when grouping(association_id) = 0 then 'association' else 'bucket' end as g,
      category, shop_id, association_id, bucket::text as bucket, ${sums}
    from (select *, date_trunc(${unit}, d)::date as bucket from src
          where ${filterSql(scope, q, { shop: 'shop_id', assoc: 'association_id', category: 'category' })}) x
    group by grouping sets ((category), (shop_id), (association_id), (bucket))`.execute(db);
  return res.rows;
}

/** Median minutes from posting to claim, over the donations posted in the period and claimed. */
export async function medianMinutesToClaim(db: Kysely<Database>, scope: Scope, q: StatsQuery) {
  const { rows } = await sql<{ m: number | null }>`
    select percentile_cont(0.5) within group (order by extract(epoch from (claimed_at - created_at)) / 60)::float8 as m
    from donations
    where claimed_at is not null and status in ('claimed', 'picked_up', 'refused', 'missed')
      and created_at >= (${q.from}::date::timestamp at time zone 'Europe/Paris')
      and created_at < (${addDays(q.to, 1)}::date::timestamp at time zone 'Europe/Paris')
      and ${filterSql(scope, q, { shop: 'shop_id', assoc: 'claimed_by', category: 'category' })}`.execute(
    db,
  );
  const m = rows[0]?.m;
  return m == null ? null : Math.round(Number(m) * 10) / 10;
}

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

/**
 * Median from the claim-time classes: find the class holding the middle claim and interpolate
 * linearly inside it (the last class, open-ended, gives its lower edge).
 */
export function estimateMedian(counts: number[]): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (!n) return null;
  const half = n / 2;
  let before = 0;
  for (let i = 0; i < counts.length; i++) {
    if (before + counts[i] >= half && counts[i] > 0) {
      const lo = CLAIM_EDGES[i];
      const hi = CLAIM_EDGES[i + 1];
      if (hi == null) return lo;
      return Math.round((lo + ((hi - lo) * (half - before)) / counts[i]) * 10) / 10;
    }
    before += counts[i];
  }
  return null;
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
