/**
 * Regular donations benchmark (issue 15). Run: npm run bench:series
 * Needs PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a
 * fresh database "sl_bench_series", or BENCH_DB_NAME, is made beside it). BENCH_SERIES shops (default 20,000), each
 * with a daily regular donation. Measures, in the same run: the baseline (the same number of
 * donations posted straight through insertOpenDonation, the shop's path) and one run of the
 * occurrence job making that day's occurrences (selection, rules, first alerts), then a rerun
 * (nothing to make). Prints the figures; asserts nothing on time.
 */
import { sql } from 'kysely';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/postgres.js';
import { insertOpenDonation, checkedOffer } from '../../src/donations/posting.js';
import { makeDueOccurrences } from '../../src/series/occurrences.js';
import { freshDatabase } from './lib.js';
import { seedStatements } from './seed.js';

const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const N = Number(process.env.BENCH_SERIES ?? 20_000);
const url = await freshDatabase(base, process.env.BENCH_DB_NAME ?? 'sl_bench_series');
const { db, close } = openPostgres(url, { max: 4 });
await migrateToLatest(db);
const now = new Date('2026-06-10T11:00:00Z'); // 13:00 in Paris
for (const s of seedStatements(
  {
    shops: N,
    associations: Math.max(50, N / 10),
    donations: 0,
    open: 0,
    claimers: 0,
    feedUsers: 0,
    postingShops: 0,
  },
  now,
))
  await sql.raw(s).execute(db);
const shops = (
  await db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'shop')
    .orderBy('id')
    .limit(N)
    .execute()
).map((r) => r.id);

// baseline: the same number of plain posts, 19:00-19:30 in Paris today
const input = {
  category: 'bakery' as const,
  description: 'pain',
  quantityKg: 8,
  storage: 'ambient' as const,
  pickupFrom: new Date('2026-06-10T17:00:00Z'),
  pickupUntil: new Date('2026-06-10T17:30:00Z'),
};
let t0 = performance.now();
for (const shopId of shops)
  await db.transaction().execute((trx) =>
    insertOpenDonation(trx, {
      shopId,
      createdBy: null,
      input,
      offer: checkedOffer(input, now),
      event: { actor: null, orgId: shopId, note: null },
      parentId: null,
      now,
    }),
  );
const postMs = performance.now() - t0;

await sql`insert into donation_series (shop_id, category, description, quantity_kg, storage, weekdays,
  pickup_from_time, pickup_until_time, starts_on, lead_minutes)
  select id, 'bakery', 'pain', 8, 'ambient', 254, '19:00', '19:30', '2026-06-01', 360
  from organisations where id = any(${shops})`.execute(db);
t0 = performance.now();
const run = await makeDueOccurrences(db, now);
const jobMs = performance.now() - t0;
t0 = performance.now();
const rerun = await makeDueOccurrences(db, new Date(now.getTime() + 60_000));
const rerunMs = performance.now() - t0;

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
console.log(`series: ${N} shops, each with a daily regular donation (PostgreSQL)`);
console.log(
  `  baseline, plain posting:     ${N} in ${(postMs / 1000).toFixed(1)} s (${rate(N, postMs)}/s)`,
);
console.log(
  `  occurrence job, one run:     ${run.made.length} made in ${(jobMs / 1000).toFixed(1)} s (${rate(run.made.length, jobMs)}/s, ${Math.round((postMs / jobMs) * 100)} % of posting's rate)`,
);
console.log(`  rerun (nothing due):         ${rerun.made.length} made in ${rerunMs.toFixed(0)} ms`);
console.log(
  `  issue 15's target: one day's occurrences in under 60 s (${jobMs < 60_000 ? 'met' : 'NOT met'}: ${(jobMs / 1000).toFixed(1)} s), at least 25 % of posting's rate (${postMs / jobMs >= 0.25 ? 'met' : 'NOT met'})`,
);
await close();
