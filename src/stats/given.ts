// The quality of what is given (issue #19): the shares of fresh produce, fruit and vegetables,
// labelled and local food in the kg picked up, per period and place, and month by month.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { QualityLabel } from '../db/tables/donations.js';
import { addDays, type StatsQuery } from '../shared/period.js';
import type { Scope } from '../shared/scope.js';
import { donationSplits } from '../rounds/split-kg.js';
import { filterSql } from './summaries.js';

/** kg picked up, and of them the kg of each kind of quality the shops marked. */
export interface GivenKg {
  pickedUpKg: number;
  freshProduceKg: number;
  fruitVegetablesKg: number;
  labelledKg: number;
  localKg: number;
  byLabel: Record<QualityLabel, number>;
}
export interface GivenShares extends GivenKg {
  /** what every share is a share of: the kg picked up (withdrawals received included) */
  basis: 'picked_up_kg';
  shares: {
    freshProduce: number | null;
    fruitVegetables: number | null;
    labelled: number | null;
    local: number | null;
  };
}
export interface GivenMonth extends GivenShares {
  /** its first day, YYYY-MM-01 */
  month: string;
}

interface Row {
  month: string;
  kg: number;
  fresh_kg: number;
  fv_kg: number;
  labelled_kg: number;
  local_kg: number;
  organic_kg: number;
  label_rouge_kg: number;
  aop_igp_kg: number;
}

const r2 = (n: number) => Math.round(n * 100) / 100;
const share = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null;

function sharesOf(k: GivenKg): GivenShares {
  return {
    basis: 'picked_up_kg',
    ...k,
    shares: {
      freshProduce: share(k.freshProduceKg, k.pickedUpKg),
      fruitVegetables: share(k.fruitVegetablesKg, k.pickedUpKg),
      labelled: share(k.labelledKg, k.pickedUpKg),
      local: share(k.localKg, k.pickedUpKg),
    },
  };
}

function kgOf(rows: Row[]): GivenKg {
  const sum = (f: (r: Row) => number) => r2(rows.reduce((a, r) => a + Number(f(r) ?? 0), 0));
  return {
    pickedUpKg: sum((r) => r.kg),
    freshProduceKg: sum((r) => r.fresh_kg),
    fruitVegetablesKg: sum((r) => r.fv_kg),
    labelledKg: sum((r) => r.labelled_kg),
    localKg: sum((r) => r.local_kg),
    byLabel: {
      organic: sum((r) => r.organic_kg),
      label_rouge: sum((r) => r.label_rouge_kg),
      aop_igp: sum((r) => r.aop_igp_kg),
    },
  };
}

/**
 * The kg picked up between two Paris days, by month, in the scope and the dashboard's filters:
 * the day of a pickup as the other figures count it (raw.ts), so the basis is their pickedUpKg.
 * Produce received through a market withdrawal is fresh fruit and vegetables, with no label or
 * origin marked. A shared round's donation counts for each association its share (split-kg.ts).
 */
async function monthRows(
  db: Kysely<Database>,
  scope: Scope,
  q: StatsQuery,
  from: string,
  to: string,
) {
  const start = sql`(${from}::date::timestamp at time zone 'Europe/Paris')`;
  const end = sql`(${addDays(to, 1)}::date::timestamp at time zone 'Europe/Paris')`;
  const at = sql.raw('coalesce(picked_up_at, closed_at, pickup_until)');
  const { rows } = await sql<Row>`
    with src as (
      select stats_local_day(${at}) as day, shop_id,
        coalesce(sp.association_id, claimed_by, 0) as association_id, category,
        coalesce(received_kg, quantity_kg) * coalesce(sp.fraction, 1) as kg,
        fresh_produce as fresh, quality_label, local_origin
      from donations d left join (${donationSplits}) sp on sp.donation_id = d.id
      where status = 'picked_up' and ${at} >= ${start} and ${at} < ${end}
        -- refused on arrival at a relay hub: nobody received it (src/stats/transfers.ts)
        and not exists (select 1 from hub_deposits hd
          where hd.donation_id = d.id and hd.refusal_reason is not null)
      union all
      select delivered_on, producer_org_id, organisation_id, category, kg, true, null, null
      from withdrawal_receipts where delivered_on between ${from} and ${to}
    )
    select date_trunc('month', day)::date::text as month,
      sum(kg)::float8 as kg,
      coalesce(sum(kg) filter (where fresh), 0)::float8 as fresh_kg,
      coalesce(sum(kg) filter (where category = 'fruit_vegetables'), 0)::float8 as fv_kg,
      coalesce(sum(kg) filter (where quality_label is not null), 0)::float8 as labelled_kg,
      coalesce(sum(kg) filter (where local_origin is not null), 0)::float8 as local_kg,
      coalesce(sum(kg) filter (where quality_label = 'organic'), 0)::float8 as organic_kg,
      coalesce(sum(kg) filter (where quality_label = 'label_rouge'), 0)::float8 as label_rouge_kg,
      coalesce(sum(kg) filter (where quality_label = 'aop_igp'), 0)::float8 as aop_igp_kg
    from src
    where ${filterSql(scope, q, { shop: 'shop_id', assoc: 'association_id', category: 'category' })}
    group by 1 order by 1`.execute(db);
  return rows;
}

/** The shares of the period, and its months (those with pickups). */
export async function givenShares(db: Kysely<Database>, scope: Scope, q: StatsQuery) {
  const rows = await monthRows(db, scope, q, q.from, q.to);
  return {
    ...sharesOf(kgOf(rows)),
    months: rows.map((r): GivenMonth => ({ month: r.month, ...sharesOf(kgOf([r])) })),
  };
}
export type GivenFigures = Awaited<ReturnType<typeof givenShares>>;

/** The twelve months that end with the period's last one: the trend a territory follows. */
export async function givenTrend(
  db: Kysely<Database>,
  scope: Scope,
  q: StatsQuery,
): Promise<GivenMonth[]> {
  const last = `${q.to.slice(0, 7)}-01`;
  const [y, m] = last.split('-').map(Number);
  const first = `${m === 12 ? y : y - 1}-${String((m % 12) + 1).padStart(2, '0')}-01`;
  const rows = await monthRows(db, scope, q, first, q.to);
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const months: GivenMonth[] = [];
  for (let i = 0, d = first; i < 12; i++) {
    const r = byMonth.get(d);
    months.push({ month: d, ...sharesOf(kgOf(r ? [r] : [])) });
    const [yy, mm] = d.split('-').map(Number);
    d = mm === 12 ? `${yy + 1}-01-01` : `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
  }
  return months;
}
