// Reading the summary tables (stats_daily, stats_monthly; migration 0004): their counters, the
// filters of a stats query as SQL, and the one grouped pass the dashboard's figures come from.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RollupSums } from '../db/schema.js';
import { wholeMonths, type StatsQuery } from '../shared/period.js';
import { inScope, type Scope } from '../shared/scope.js';
import { transferRows } from './transfers.js';

/** The counters of a summary row (migration 0004), without its keys. */
export type Sums = Omit<RollupSums, 'shop_id' | 'association_id' | 'category'> & {
  [claimClass: `claim_m${number}`]: number;
};
/** Lower edges (minutes) of the claim-time classes kept in the summaries (migration 0004). */
export const CLAIM_EDGES = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 720, 1440, 2880];
export const CLAIM_COLS = CLAIM_EDGES.map((_, i) => `claim_m${i}` as const);
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

export interface GroupedRow extends Sums {
  g: 'category' | 'shop' | 'association' | 'bucket';
  category: string | null;
  shop_id: number | null;
  association_id: number | null;
  bucket: string | null;
}

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
 * the days at either end (or all days, for a weekly series) from stats_daily; and the moves of
 * the shared rounds' kg (transfers.ts).
 */
function sourceRows(q: StatsQuery) {
  const cols = sql.raw(`shop_id, association_id, category, ${SUM_COLS.join(', ')}`);
  const months = q.series === 'month' ? wholeMonths(q.from, q.to) : null;
  // the kg of shared rounds, moved to each association's share (transfers.ts)
  const moves = sql`select d, ${cols} from (${transferRows(q, SUM_COLS)}) t`;
  if (!months)
    return sql`select day as d, ${cols} from stats_daily where day between ${q.from} and ${q.to}
      union all ${moves}`;
  const [start, end] = months;
  return sql`select day as d, ${cols} from stats_daily where day >= ${q.from} and day < ${start}
    union all select month as d, ${cols} from stats_monthly where month >= ${start} and month < ${end}
    union all select day as d, ${cols} from stats_daily where day >= ${end} and day <= ${q.to}
    union all ${moves}`;
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
