// How long donations wait to be claimed: the median, exact from the donations up to
// EXACT_MEDIAN_LIMIT claims, estimated from the summaries' claim-time classes above.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDays, type StatsQuery } from '../shared/period.js';
import type { Scope } from '../shared/scope.js';
import { CLAIM_EDGES, filterSql } from './summaries.js';

/** Up to this many claims the median is exact (read from the donations); above, estimated from the classes. */
export const EXACT_MEDIAN_LIMIT = 2000;

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
