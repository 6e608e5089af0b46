/**
 * Statistics benchmark (issue 5), not part of `npm test`. Run: npx tsx test/bench/stats.bench.ts
 * Seeds 1,000,000 donations over three years on PostgreSQL (BENCH_DATABASE_URL, default a fresh
 * database sl_stats_bench on 127.0.0.1), then measures a territory's dashboard for a year from the
 * summary tables against the same figures from a plain aggregate over the raw donations.
 * Targets: p95 < 150 ms, and at least 10 times faster than the raw aggregate.
 */
import { cpus, loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import postgres from 'postgres';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/postgres.js';
import { loadFactors } from '../../src/stats/factors.js';
import { parseStatsQuery } from '../../src/shared/period.js';
import { computeStats } from '../../src/stats/queries.js';
import { computeStatsRaw } from '../../src/stats/raw.js';
import { organisationsInArea } from '../../src/shared/scope.js';
import { percentile } from './lib.js';

const N = Number(process.env.BENCH_DONATIONS ?? 1_000_000);
const TOWNS = 20;
const SHOPS_PER_TOWN = 20;
const ASSOCS_PER_TOWN = 5;
const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sl_stats_bench';

async function fresh() {
  const u = new URL(base);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = postgres(u.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
}

const ms = (t0: number) => performance.now() - t0;

async function main() {
  // BENCH_REUSE=1 measures again on the database a previous run seeded (no reseeding).
  const reuse = process.env.BENCH_REUSE === '1';
  if (!reuse) await fresh();
  const { db, close } = openPostgres(base, { max: 4 });
  if (!reuse) await seed(db);
  await measure(db);
  await close();
}

async function seed(db: Kysely<Database>) {
  await migrateToLatest(db);
  let t0 = performance.now();

  // 20 towns, 20 shops and 5 associations each; the territory covers 2 towns (10 % of the flows).
  await sql`insert into organisations (kind, name, town, lat, lng, approved, pickup_days)
    select 'shop', 'Shop ' || t || '-' || s, 'Town ' || t, 45 + t * 0.1 + s * 0.001, 4.8 + s * 0.001, true, '[1,2,3,4,5,6,7]'
    from generate_series(1, ${TOWNS}) t, generate_series(1, ${SHOPS_PER_TOWN}) s order by t, s`.execute(
    db,
  );
  await sql`insert into organisations (kind, name, town, lat, lng, approved, pickup_days)
    select 'association', 'Assoc ' || t || '-' || a, 'Town ' || t, 45 + t * 0.1, 4.8, true, '[1,2,3,4,5,6,7]'
    from generate_series(1, ${TOWNS}) t, generate_series(1, ${ASSOCS_PER_TOWN}) a order by t, a`.execute(
    db,
  );
  await db
    .insertInto('organisations')
    .values({
      kind: 'territory',
      name: 'PAT bench',
      lat: 45.1,
      lng: 4.8,
      pickup_days: '[1,2,3,4,5,6,7]',
      area_towns: sql`'["Town 1", "Town 2"]'::jsonb` as any,
    })
    .execute();
  const shopMin = (
    await sql<{ m: number }>`select min(id) as m from organisations where kind = 'shop'`.execute(db)
  ).rows[0].m;
  const assocMin = (
    await sql<{
      m: number;
    }>`select min(id) as m from organisations where kind = 'association'`.execute(db)
  ).rows[0].m;

  // Bulk load without the trigger, then rebuild the summaries in one pass (stats_rebuild).
  await sql`alter table donations disable trigger donations_stats`.execute(db);
  await sql`
    insert into donations (shop_id, category, description, quantity_kg, storage, date_kind, product_date, value_eur,
      pickup_from, pickup_until, lat, lng, status, claimed_by, claimed_at, received_kg, quality, temperature_c, issues, picked_up_at, closed_at, created_at)
    select x.shop_id, x.category, 'bench', x.kg, x.storage, 'use_by', (x.created + interval '3 days')::date,
      case when x.r2 < 0.5 then round((x.kg * 2.1)::numeric, 2) end,
      x.created + interval '1 hour', x.created + interval '6 hours', 45, 4.8, x.status,
      case when x.status in ('picked_up', 'refused', 'missed') then x.assoc end,
      case when x.status in ('picked_up', 'refused', 'missed') then x.created + (5 + x.r2 * 300) * interval '1 minute' end,
      case when x.status = 'picked_up' then round((x.kg * (0.8 + x.r2 * 0.2))::numeric, 2) when x.status = 'refused' then 0 end,
      case when x.status = 'refused' then 'refused' when x.status = 'picked_up' then (array['good', 'good', 'good', 'acceptable', 'poor'])[1 + floor(x.r2 * 5)::int] end,
      case when x.status in ('picked_up', 'refused') and x.storage = 'chilled' then round((2 + x.r2 * 8)::numeric, 1) end,
      case when x.status = 'refused' then 'Emballage abîmé' end,
      case when x.status in ('picked_up', 'refused') then x.created + interval '2 hours' end,
      case when x.status in ('picked_up', 'refused', 'expired', 'missed', 'cancelled') then x.created + interval '6 hours' end,
      x.created
    from (
      select g,
        ${shopMin}::int + t * ${SHOPS_PER_TOWN} + sh as shop_id,
        -- a shop mostly gives to one association of its town and one kind of food (a baker, bread)
        ${assocMin}::int + t * ${ASSOCS_PER_TOWN} + case when random() < 0.7 then sh % ${ASSOCS_PER_TOWN} else floor(random() * ${ASSOCS_PER_TOWN})::int end as assoc,
        (array['bakery', 'fruit_vegetables', 'dairy', 'meat_fish', 'prepared_meals', 'dry_goods', 'frozen', 'drinks', 'other'])[1 + case when random() < 0.8 then sh % 9 else floor(random() * 9)::int end] as category,
        round((1 + random() * 29)::numeric, 2) as kg,
        (array['ambient', 'ambient', 'chilled'])[1 + floor(random() * 3)::int] as storage,
        timestamptz '2024-01-01 06:00+01' + (g::float8 / ${N}) * interval '1096 days' + random() * interval '12 hours' as created,
        case when r < 0.72 then 'picked_up' when r < 0.82 then 'expired' when r < 0.87 then 'missed' when r < 0.90 then 'refused' when r < 0.92 then 'cancelled' else 'picked_up' end as status,
        random() as r2
      from (select g, floor(random() * ${TOWNS})::int as t, floor(random() * ${SHOPS_PER_TOWN})::int as sh, random() as r from generate_series(1, ${N}) g) s
    ) x`.execute(db);
  console.log(`seeded ${N} donations in ${(ms(t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  await sql`select stats_rebuild()`.execute(db);
  await sql`alter table donations enable trigger donations_stats`.execute(db);
  await sql`vacuum analyze`.execute(db);
  const counts = (
    await sql<{
      d: number;
      m: number;
    }>`select (select count(*) from stats_daily) as d, (select count(*) from stats_monthly) as m`.execute(
      db,
    )
  ).rows[0];
  console.log(
    `summaries rebuilt in ${(ms(t0) / 1000).toFixed(1)} s: ${counts.d} daily rows, ${counts.m} monthly rows`,
  );

  // What the trigger costs a write: 2,000 single-row inserts and status updates with it on.
  t0 = performance.now();
  for (let i = 0; i < 1000; i++) {
    const { id } = await db
      .insertInto('donations')
      .values({
        shop_id: shopMin + (i % 400),
        category: 'bakery',
        description: 'w',
        quantity_kg: 3,
        storage: 'ambient',
        pickup_from: '2026-12-01T09:00:00Z',
        pickup_until: '2026-12-01T12:00:00Z',
        lat: 45,
        lng: 4.8,
        created_at: '2026-12-01T08:00:00Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('donations')
      .set({ status: 'expired', closed_at: '2026-12-01T12:00:00Z' })
      .where('id', '=', id)
      .execute();
  }
  console.log(
    `writes with the trigger: ${(ms(t0) / 2000).toFixed(2)} ms per insert or update (single rows, one connection)`,
  );
}

async function measure(db: Kysely<Database>) {
  const territory = await db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'territory')
    .where('name', '=', 'PAT bench')
    .executeTakeFirstOrThrow();

  const f = await loadFactors(db);
  const q = parseStatsQuery({ period: 'year', year: '2025' }, new Date('2026-12-01T12:00:00Z'));
  const dashboard = async (raw: boolean) => {
    const area = await organisationsInArea(db, territory.id); // the scope lookup is part of each request
    const scope = { all: false as const, label: 'PAT bench', territory: true, ...area };
    return raw ? computeStatsRaw(db, scope, q, f) : computeStats(db, scope, q, f);
  };
  const time = async (raw: boolean, runs: number) => {
    for (let i = 0; i < 3; i++) await dashboard(raw); // warm up
    const out: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await dashboard(raw);
      out.push(ms(t));
    }
    return out.sort((a, b) => a - b);
  };
  const [fast, raw] = [await dashboard(false), await dashboard(true)];
  // Above 2,000 claims the median is estimated from the claim-time classes: compare it apart.
  const { medianMinutesToClaim: m1, medianEstimated, ...restFast } = fast;
  const { medianMinutesToClaim: m2, medianEstimated: _e, ...restRaw } = raw;
  const same = isDeepStrictEqual(restFast, restRaw);
  console.log(
    `median minutes to claim: ${m1} (${medianEstimated ? 'estimated from classes' : 'exact'}) vs exact ${m2}`,
  );
  console.log(
    `territory scope: ${fast.shops.length} shops, ${fast.associations.length} associations; year 2025: ${fast.donations} donations, ${fast.pickedUpKg} kg picked up; summaries == raw aggregate: ${same}`,
  );
  const fastT = await time(false, 50);
  const rawT = await time(true, 10);
  const p = (a: number[], n: number) => percentile(a, n).toFixed(1);
  console.log(
    `summaries:     p50 ${p(fastT, 50)} ms, p95 ${p(fastT, 95)} ms (${fastT.length} runs)`,
  );
  console.log(`raw aggregate: p50 ${p(rawT, 50)} ms, p95 ${p(rawT, 95)} ms (${rawT.length} runs)`);
  const ratio = percentile(rawT, 50) / percentile(fastT, 50);
  console.log(
    `ratio (p50 raw / p50 summaries): ${ratio.toFixed(1)}x; p95 target < 150 ms: ${percentile(fastT, 95) < 150 ? 'met' : 'MISSED'}; 10x target: ${ratio >= 10 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `load average while measuring: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  if (!same) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
