/**
 * Donation lifecycle benchmark (issue 3). Run: npm run bench:donations
 * Needs PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a
 * fresh database "sl_bench" is made beside it). Prints the figures; asserts nothing on time.
 * BENCH_EMBEDDED=1 also runs the feed and posting on the embedded database to report its memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { loadActor } from '../../src/accounts/actor.js';
import { claimDonation } from '../../src/donations/claims.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openPGlite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';
import {
  fmt,
  freshDatabase,
  hasWrk,
  httpCall,
  load,
  paced,
  rssMb,
  sampleRss,
  startServer,
  wrkLoad,
} from './lib.js';
import { seedStatements, type SeedSizes } from './seed.js';

const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SIZES: SeedSizes = {
  shops: 20_000,
  associations: 5_000,
  donations: 200_000,
  open: 20_000,
  claimers: 500,
  feedUsers: 32,
  postingShops: 16,
};
const now = new Date();
const H = 3_600_000;

async function tokens(sql: postgres.Sql) {
  const rows = await sql<
    { id: number; email: string }[]
  >`select id, email from users where email like '%@bench.example' order by id`;
  const claimers = rows
    .filter((r) => r.email.startsWith('assoc'))
    .slice(0, SIZES.claimers)
    .map((r) => `tok-${r.id}`);
  const feed = rows
    .filter((r) => r.email.startsWith('assoc'))
    .slice(-SIZES.feedUsers)
    .map((r) => `tok-${r.id}`);
  const shops = rows.filter((r) => r.email.startsWith('shop')).map((r) => `tok-${r.id}`);
  return { claimers, feed, shops };
}

async function http(
  port: number,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
) {
  return httpCall(
    port,
    method,
    path,
    token ? { authorization: `Bearer ${token}` } : {},
    body ? JSON.stringify(body) : undefined,
  );
}

const donationBody = (i: number) => ({
  category: 'bakery',
  description: `Bench lot ${i}`,
  quantityKg: 4,
  storage: 'ambient',
  pickupFrom: new Date(now.getTime() + H).toISOString(),
  pickupUntil: new Date(now.getTime() + 3 * H).toISOString(),
});

async function feedAndPosting(
  port: number,
  t: Awaited<ReturnType<typeof tokens>>,
  label: string,
  scale = 1,
) {
  const withWrk = hasWrk();
  const run = (
    connections: number,
    method: string,
    path: string,
    toks: string[],
    body?: (i: number) => unknown,
  ) =>
    withWrk
      ? wrkLoad({
          port,
          method,
          path,
          connections,
          seconds: Math.max(2, Math.round(8 * scale)),
          tokens: toks,
          body: body?.(0),
        })
      : load(connections, Math.round((path === '/hello' ? 4000 : 1000) * scale), (i) =>
          http(port, toks.length ? toks[i % toks.length] : null, method, path, body?.(i)),
        );
  await load(8, 200, () => http(port, null, 'GET', '/hello')); // warm up
  await load(8, 200, (i) => http(port, t.feed[i % t.feed.length], 'GET', '/api/v1/donations'));
  await load(4, 40, (i) =>
    http(port, t.shops[i % t.shops.length], 'POST', '/api/v1/donations', donationBody(i)),
  );
  console.log(
    `[${label}] load generator: ${withWrk ? 'wrk, one thread' : 'node:http in this process (install wrk for lighter load)'}`,
  );
  const hello = await run(32, 'GET', '/hello', []);
  const feed = await run(32, 'GET', '/api/v1/donations', t.feed);
  const post = await run(16, 'POST', '/api/v1/donations', t.shops, donationBody);
  console.log(`[${label}] hello baseline, 32 clients: ${fmt(hello)}`);
  console.log(`[${label}] association feed, 32 clients: ${fmt(feed)}`);
  console.log(
    `[${label}] feed throughput / hello throughput: ${((100 * feed.rps) / hello.rps).toFixed(1)} % (target >= 25 %); feed p95 ${feed.p95.toFixed(1)} ms (target < 25 ms)`,
  );
  console.log(
    `[${label}] posting, 16 shops each posting again as soon as answered: ${fmt(post)} (target p95 < 30 ms)`,
  );
  // the same 16 shops at a steady pace, far below saturation: what a shop waits for then
  const rate = label === 'embedded' ? 25 : 100;
  const steady = await paced(16, (16 * 1000) / rate, Math.max(2, Math.round(8 * scale)), (i) =>
    http(port, t.shops[i % t.shops.length], 'POST', '/api/v1/donations', donationBody(i)),
  );
  console.log(
    `[${label}] posting, 16 shops at a steady ${rate} posts/s together (open load, latency from when each post was due): ${fmt(steady)}`,
  );
  return { hello, feed, post, steady };
}

async function contendedClaims(port: number, url: string, t: Awaited<ReturnType<typeof tokens>>) {
  const sql = postgres(url, { max: 10, onnotice: () => {} });
  const shop = (await sql`select id from organisations where name = 'Le commerce convoité'`)[0]
    .id as number;
  const make = async (n: number) =>
    (
      await sql`insert into donations (shop_id, category, description, quantity_kg, storage, pickup_from, pickup_until, lat, lng)
        select ${shop}, 'bakery', 'Convoité ' || g, 5, 'ambient', ${new Date(now.getTime() - 60_000)}, ${new Date(now.getTime() + 2 * H)}, lat, lng
        from generate_series(1, ${n}) g, organisations where id = ${shop} returning id`
    ).map((r) => r.id as number);
  const claimers = (
    await sql`select id from organisations where kind = 'association' order by id limit ${SIZES.claimers}`
  ).map((r) => r.id as number);

  // the same guarded statement, straight on postgres.js, with as many connections as the server's pool
  const rawIds = await make(50);
  let rawWins = 0;
  const t0 = performance.now();
  await Promise.all(
    claimers.map(async (assoc, i) => {
      const r =
        await sql`update donations set status = 'claimed', claimed_by = ${assoc}, claimed_at = now(), handover_code = '1234'
        where id = ${rawIds[i % 50]} and status = 'open' and pickup_until > now() returning id`;
      rawWins += r.length;
    }),
  );
  const rawSec = (performance.now() - t0) / 1000;

  // the app's own claim statement (claimDonation: eligibility, guarded update, history), straight on
  // postgres.js through Kysely, no HTTP: the baseline the issue names
  const direct = openPostgres(url, { max: 10 });
  const users = await direct.db
    .selectFrom('users')
    .selectAll()
    .where('email', 'like', 'assoc%@bench.example')
    .orderBy('id')
    .limit(SIZES.claimers)
    .execute();
  const actors = await Promise.all(users.map((u) => loadActor(direct.db, u)));
  const stmtIds = await make(50);
  let stmtWins = 0;
  const t2 = performance.now();
  await Promise.all(
    actors.map((actor, i) =>
      claimDonation(direct.db, actor, stmtIds[i % 50], new Date()).then(
        () => stmtWins++,
        (e) => {
          if (e.code !== 'not_available') throw e;
        },
      ),
    ),
  );
  const stmtSec = (performance.now() - t2) / 1000;
  await direct.close();

  const appIds = await make(50);
  const statuses: Record<number, number> = {};
  const t1 = performance.now();
  await Promise.all(
    t.claimers.map(async (token, i) => {
      const s = await http(port, token, 'POST', `/api/v1/donations/${appIds[i % 50]}/claim`);
      statuses[s] = (statuses[s] ?? 0) + 1;
    }),
  );
  const appSec = (performance.now() - t1) / 1000;
  const claimed = (
    await sql`select count(*)::int as n from donations where id = any(${appIds}) and status = 'claimed'`
  )[0].n;
  await sql.end();
  const rawRate = SIZES.claimers / rawSec;
  const stmtRate = SIZES.claimers / stmtSec;
  const appRate = SIZES.claimers / appSec;
  console.log(
    `[postgres] contended claims straight on postgres.js: ${SIZES.claimers} attempts on 50 donations in ${rawSec.toFixed(2)} s = ${rawRate.toFixed(0)} attempts/s, ${rawWins} won`,
  );
  console.log(
    `[postgres] contended claims through the app: ${SIZES.claimers} attempts in ${appSec.toFixed(2)} s = ${appRate.toFixed(0)} attempts/s; statuses ${JSON.stringify(statuses)}; ${claimed} donations claimed (must be 50)`,
  );
  console.log(
    `[postgres] the app's claim statement straight on postgres.js (claimDonation, no HTTP): ${SIZES.claimers} attempts in ${stmtSec.toFixed(2)} s = ${stmtRate.toFixed(0)} attempts/s, ${stmtWins} won`,
  );
  console.log(
    `[postgres] claims through the app / the same claim statement straight on postgres.js: ${((100 * appRate) / stmtRate).toFixed(1)} % (target >= 40 %); / a bare UPDATE: ${((100 * appRate) / rawRate).toFixed(1)} %`,
  );
  if (stmtWins !== 50) throw new Error('the direct claim race did not give exactly 50 winners');
  if (claimed !== 50 || statuses[200] !== 50)
    throw new Error('the claim race did not give exactly 50 winners');
}

async function main() {
  console.log(`Seeding ${JSON.stringify(SIZES)} on PostgreSQL...`);
  const url = await freshDatabase(base, 'sl_bench');
  const { db, close } = openPostgres(url, { max: 2 });
  await migrateToLatest(db);
  await close();
  const seedSql = postgres(url, { max: 1, onnotice: () => {} });
  const t0 = performance.now();
  for (const s of seedStatements(SIZES, now)) {
    const ts = performance.now();
    await seedSql.unsafe(s);
    console.log(
      `  ${s.trim().split('\n')[0].slice(0, 60)}... ${((performance.now() - ts) / 1000).toFixed(1)} s`,
    );
  }
  const t = await tokens(seedSql);
  await seedSql.end();
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const port = 3900;
  const server = await startServer({ DATABASE_URL: url }, port);
  const started = rssMb(server.proc.pid!);
  const rss = sampleRss(server.proc.pid!);
  const phase = sampleRss(server.proc.pid!);
  await feedAndPosting(port, t, 'postgres');
  const feedAndPostingMb = phase.stop();
  await contendedClaims(port, url, t);
  console.log(
    `[postgres] server resident memory: ${started.toFixed(0)} MB once started, max ${feedAndPostingMb.toFixed(0)} MB during hello, feed and posting; max during the runs: ${rss.stop().toFixed(0)} MB (target < 200 MB)`,
  );
  await server.stop();

  if (process.env.BENCH_EMBEDDED === '1') {
    const dir = mkdtempSync(join(tmpdir(), 'sl-bench-'));
    try {
      console.log('Seeding the same network on the embedded database...');
      const pg = await openPGlite(dir);
      await migrateToLatest(pg.db);
      for (const s of seedStatements(SIZES, now)) await pg.pg.exec(s);
      const rows = (
        await pg.pg.query<{ id: number; email: string }>(
          `select id, email from users where email like '%@bench.example' order by id`,
        )
      ).rows;
      await pg.close();
      const et = {
        claimers: [],
        feed: rows
          .filter((r) => r.email.startsWith('assoc'))
          .slice(-SIZES.feedUsers)
          .map((r) => `tok-${r.id}`),
        shops: rows.filter((r) => r.email.startsWith('shop')).map((r) => `tok-${r.id}`),
      };
      const embedded = await startServer({ DATA_DIR: dir, DATABASE_URL: '' }, port + 1);
      const ersS = sampleRss(embedded.proc.pid!);
      await feedAndPosting(port + 1, et, 'embedded', 0.25);
      console.log(
        `[embedded] server resident memory, max during the runs: ${ersS.stop().toFixed(0)} MB`,
      );
      await embedded.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
