import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDays, type StatsQuery } from '../shared/period.js';
import type { Factors } from './factors.js';
import { medianMinutesToClaim } from './claim-time.js';
import { assembleStats, type Stats } from './queries.js';
import { filterSql, SUM_COLS, type GroupedRow } from './summaries.js';
import type { Scope } from '../shared/scope.js';
import { transferRows } from './transfers.js';

/**
 * The same figures as computeStats, straight from the donations (and the confirmed withdrawal
 * receipts) with a plain aggregate. The benchmark compares the two, and tests check that the
 * summaries agree with it.
 */
export async function computeStatsRaw(
  db: Kysely<Database>,
  scope: Scope,
  q: StatsQuery,
  f: Factors,
): Promise<Stats> {
  const unit = q.series === 'month' ? 'month' : 'week';
  const from = sql`(${q.from}::date::timestamp at time zone 'Europe/Paris')`;
  const to = sql`(${addDays(q.to, 1)}::date::timestamp at time zone 'Europe/Paris')`;
  const outcomeAt = sql.raw(
    `case when status in ('picked_up', 'refused') then coalesce(picked_up_at, closed_at, pickup_until) else coalesce(closed_at, pickup_until) end`,
  );
  const sums = sql.raw(
    SUM_COLS.filter((c) => !c.startsWith('claim_m'))
      .map((c) => `sum(${c})::float8 as ${c}`)
      .join(', '),
  );
  const counters = SUM_COLS.filter((c) => !c.startsWith('claim_m'));
  const moveCols = sql.raw(counters.map((c) => `t.${c}`).join(', '));
  const res = await sql<GroupedRow>`
    with src as (
      select created_at as at, shop_id, coalesce(claimed_by, 0) as association_id, category,
        1 as posted_n, (status in ('claimed', 'picked_up', 'refused', 'missed'))::int as claimed_n, 0 as picked_n,
        0 as q_good, 0 as q_acceptable, 0 as q_poor, 0 as q_refused, 0 as expired_n, 0 as refused_n, 0 as defects_n,
        quantity_kg as posted_kg, 0 as picked_kg, 0 as picked_value_eur, 0 as picked_novalue_kg, 0 as expired_kg, 0 as refused_kg
      from donations where created_at >= ${from} and created_at < ${to}
      union all
      select ${outcomeAt}, shop_id, coalesce(claimed_by, 0), category,
        0, 0, (status = 'picked_up')::int,
        (quality = 'good')::int, (quality = 'acceptable')::int, (quality = 'poor')::int,
        (coalesce(quality, case when status = 'refused' then 'refused' end) = 'refused')::int,
        (status in ('expired', 'missed'))::int, (status = 'refused')::int,
        stats_is_defect(status, quality, temperature_c, issues, storage, category)::int,
        0,
        case when status = 'picked_up' then coalesce(received_kg, quantity_kg) else 0 end,
        case when status = 'picked_up' then coalesce(value_eur, 0) else 0 end,
        case when status = 'picked_up' and value_eur is null then coalesce(received_kg, quantity_kg) else 0 end,
        case when status in ('expired', 'missed') then quantity_kg else 0 end,
        case when status = 'refused' then quantity_kg else 0 end
      from donations
      where status in ('picked_up', 'refused', 'expired', 'missed') and ${outcomeAt} >= ${from} and ${outcomeAt} < ${to}
      union all
      -- produce received through a market withdrawal: a pickup without a shop value (migration 0006)
      select (delivered_on::timestamp at time zone 'Europe/Paris'), producer_org_id, organisation_id, category,
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, kg, 0, kg, 0, 0
      from withdrawal_receipts where delivered_on between ${q.from} and ${q.to}
      union all
      -- the kg of shared rounds, moved to each association's share (transfers.ts)
      select (t.d::timestamp at time zone 'Europe/Paris'), t.shop_id, t.association_id, t.category, ${moveCols}
      from (${transferRows(q, counters)}) t
    )
    select case when grouping(category) = 0 then 'category' when grouping(shop_id) = 0 then 'shop'
                when grouping(association_id) = 0 then 'association' else 'bucket' end as g,
      category, shop_id, association_id, bucket::text as bucket, ${sums}
    from (select *, date_trunc(${unit}, stats_local_day(at))::date as bucket from src
          where ${filterSql(scope, q, { shop: 'shop_id', assoc: 'association_id', category: 'category' })}) x
    group by grouping sets ((category), (shop_id), (association_id), (bucket))`.execute(db);
  const rows = res.rows.map(
    (r) =>
      ({ ...r, ...Object.fromEntries(SUM_COLS.map((c) => [c, Number(r[c] ?? 0)])) }) as GroupedRow,
  );
  const median = await medianMinutesToClaim(db, scope, q);
  const followed = await sql<{ shop_id: number; n: number }>`
    select d.shop_id, count(distinct d.id)::int as n from quality_actions a join donations d on d.id = a.donation_id
    where d.status in ('picked_up', 'refused') and stats_local_day(coalesce(d.picked_up_at, d.closed_at, d.pickup_until)) between ${q.from} and ${q.to}
      and ${filterSql(scope, q, { shop: 'd.shop_id', assoc: 'd.claimed_by', category: 'd.category' })}
    group by d.shop_id`.execute(db);
  return assembleStats(
    db,
    q,
    f,
    rows,
    median,
    new Map(followed.rows.map((r) => [r.shop_id, Number(r.n)])),
  );
}
