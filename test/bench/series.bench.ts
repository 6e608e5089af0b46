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
// plain posts timed for the baseline's rate (default: one per shop); fewer give the rate sooner
const B = Math.min(N, Number(process.env.BENCH_BASELINE ?? N));
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
    // one driver per association: the first alerts write their outbox rows (by push for half of
    // them, a device each; by e-mail for the others, the default without a device)
    feedUsers: Math.max(50, N / 10),
    postingShops: 0,
  },
  now,
))
  await sql.raw(s).execute(db);
await sql`insert into push_subscriptions (user_id, endpoint, p256dh, auth, user_agent)
  select id, 'https://push.bench.example/' || id, 'key', 'auth', 'bench'
  from users where id % 2 = 0`.execute(db);
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
for (const shopId of shops.slice(0, B))
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

const [outbox] = (
  await sql<{
    push: number;
    email: number;
  }>`select count(*) filter (where channel = 'push')::int as push,
    count(*) filter (where channel = 'email')::int as email from push_deliveries
    where donation_id in (select id from donations where series_id is not null)`.execute(db)
).rows;
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
console.log(`series: ${N} shops, each with a daily regular donation (PostgreSQL)`);
console.log(
  `  baseline, plain posting:     ${B} in ${(postMs / 1000).toFixed(1)} s (${rate(B, postMs)}/s)`,
);
console.log(
  `  occurrence job, one run:     ${run.made.length} made in ${(jobMs / 1000).toFixed(1)} s (${rate(run.made.length, jobMs)}/s, ${Math.round((run.made.length / jobMs / (B / postMs)) * 100)} % of posting's rate)`,
);
console.log(`  first alerts of the job:      ${outbox.push} push rows, ${outbox.email} e-mails`);
console.log(`  rerun (nothing due):         ${rerun.made.length} made in ${rerunMs.toFixed(0)} ms`);
console.log(
  `  issue 15's target: one day's occurrences in under 60 s (${jobMs < 60_000 ? 'met' : 'NOT met'}: ${(jobMs / 1000).toFixed(1)} s), at least 25 % of posting's rate (${run.made.length / jobMs / (B / postMs) >= 0.25 ? 'met' : 'NOT met'})`,
);
await close();
