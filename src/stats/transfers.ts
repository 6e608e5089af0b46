// What the summaries (stats_daily, stats_monthly) cannot know from one donation's row, kept by
// their trigger for the association that claimed it:
// - the kg a shared round gave its partner (src/rounds/split-kg.ts): these rows move each share
//   to its association on the pickup's day, so an association's kg, value, meals and CO2e are its
//   own share, while the totals, the shops' and the categories' figures stay as they are (each
//   move adds and takes away the same kg);
// - the food a relay hub refused on arrival (refusedAtHub, below): taken out of what was received.
// Read with the summaries (summaries.ts) and with the raw figures (raw.ts).
import { sql, type RawBuilder } from 'kysely';
import { donationSplits } from '../rounds/split-kg.js';
import type { StatsQuery } from '../shared/period.js';

/** The summary counters the caller reads (summaries.ts' SUM_COLS, or some of them), in order. */
type Cols = readonly string[];
type Values = Partial<Record<string, string>>;

/** Those columns, from a few values (the others 0). */
const columns = (values: Values, cols: Cols) =>
  sql.raw(cols.map((c) => `${values[c] ?? '0'} as ${c}`).join(', '));

const PICKED = {
  kg: 'coalesce(d.received_kg, d.quantity_kg)',
  value: 'coalesce(d.value_eur, 0)',
  novalue: 'case when d.value_eur is null then coalesce(d.received_kg, d.quantity_kg) else 0 end',
};

/** kg, value and kg without value moved: `sgn` × the share of what the donation counted. */
const moved = (sgn: '' | '-', f: string) => ({
  picked_kg: `${sgn}${PICKED.kg} * ${f}`,
  picked_value_eur: `${sgn}${PICKED.value} * ${f}`,
  picked_novalue_kg: `${sgn}(${PICKED.novalue}) * ${f}`,
});

/**
 * The moves of the period (Paris days `from` to `to`): columns `d` (the day), shop_id,
 * association_id, category and the summary counters `cols` (SUM_COLS; without the claim classes
 * as raw.ts reads them). Pickups, quality and defects stay with the
 * association whose driver handed them over: only the kg (and their value) are shared.
 */
export function transferRows(q: Pick<StatsQuery, 'from' | 'to'>, cols: Cols) {
  const day = sql.raw('stats_local_day(coalesce(d.picked_up_at, d.closed_at, d.pickup_until))');
  const from = (assoc: string, values: Values): RawBuilder<unknown> =>
    sql`select ${day} as d, d.shop_id, ${sql.raw(assoc)} as association_id, d.category,
        ${columns(values, cols)}
      from donations d join (${donationSplits}) sp on sp.donation_id = d.id
      where d.status = 'picked_up' and ${day} between ${q.from} and ${q.to}`;
  // each share row: its kg to its association, taken from the one that claimed it (the owner's
  // own share cancels out)
  return sql`${from('sp.association_id', moved('', 'sp.fraction'))}
    union all ${from('d.claimed_by', moved('-', 'sp.fraction'))}
    union all ${refusedAtHub(q, cols)}`;
}

/**
 * Food refused on arrival at a relay hub (src/hubs/deposits.ts). It left the shop, accepted at
 * the shop's handover on the partner's behalf, so the shop's receipt keeps it (the gift was made
 * at the shop); but nobody received it: the partner's kg, value, meals and CO2e avoided do not
 * count it, and its kg count as refused, waste not avoided (its pickup becomes a refusal, a
 * defect if the shop's handover was not one already), on the pickup's day.
 */
function refusedAtHub(q: Pick<StatsQuery, 'from' | 'to'>, cols: Cols) {
  const day = sql.raw('stats_local_day(coalesce(d.picked_up_at, d.closed_at, d.pickup_until))');
  const values = {
    ...moved('-', '1'),
    picked_n: '-1',
    refused_n: '1',
    // its quality as a refusal, as a refusal at the shop counts it: not the shop's mark
    q_good: "-(d.quality = 'good')::int",
    q_acceptable: "-(d.quality = 'acceptable')::int",
    q_poor: "-(d.quality = 'poor')::int",
    q_refused: "(d.quality is distinct from 'refused')::int",
    refused_kg: PICKED.kg,
    defects_n:
      '(not stats_is_defect(d.status, d.quality, d.temperature_c, d.issues, d.storage, d.category))::int',
  };
  return sql`select ${day} as d, d.shop_id, d.claimed_by as association_id, d.category,
      ${columns(values, cols)}
    from donations d join hub_deposits hd on hd.donation_id = d.id
    where hd.refusal_reason is not null and d.status = 'picked_up'
      and ${day} between ${q.from} and ${q.to}`;
}
