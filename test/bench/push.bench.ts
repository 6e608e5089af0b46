// Push benchmark (issue 4): 2,000 subscribed devices in range of one donation.
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sl_push_bench npx tsx test/bench/push.bench.ts
// (without BENCH_DATABASE_URL: the embedded database, in memory)
// Prints the time from the post to the last delivery at a local push endpoint, and the sending
// throughput against a bare loop of web-push generateRequestDetails + node:http (the transport of
// src/node.ts, nodePushSender, kept-alive connections) to the same endpoint.
import { Kysely } from 'kysely';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import webpush from 'web-push';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';
import { DEFAULT_WAVES } from '../../src/notifications/planning.js';
import { vapidKeys } from '../../src/notifications/vapid.js';
import { PushDeliveryLoop } from '../../src/notifications/delivery-loop.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { createOrganisation } from '../helpers/factories.js';
import { postDonationAt } from '../notifications/factories.js';
import { FakePushService } from '../notifications/push-service.js';
import { nodePushSender } from '../../src/notifications/node-sender.js';
import { benchPushSender } from './lib.js';

const DEVICES = Number(process.env.DEVICES ?? 2000);
const ASSOCIATIONS = 5; // wave 1 tells the nearest 5
const CONCURRENCY = 100; // our batch size; the bare loop gets the same number in flight

async function openDb(): Promise<{ db: Kysely<Database>; kind: string; close(): Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    const u = new URL(url);
    const name = u.pathname.slice(1);
    const admin = postgres({
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password) || undefined,
      database: 'postgres',
      max: 1,
      onnotice: () => {},
    });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const { openPostgres } = await import('../../src/db/postgres.js');
    const h = openPostgres(url);
    return { db: h.db, kind: 'PostgreSQL', close: () => h.close() };
  }
  const { openPGlite } = await import('../../src/db/pglite.js');
  const h = await openPGlite(null);
  return { db: h.db, kind: 'PGlite (in memory)', close: () => h.close() };
}

async function seed(db: Kysely<Database>, push: FakePushService) {
  const shop = await createOrganisation(db, 'shop', { name: 'Bench shop' });
  const perAssoc = Math.ceil(DEVICES / ASSOCIATIONS);
  let n = 0;
  for (let a = 0; a < ASSOCIATIONS; a++) {
    const org = await createOrganisation(db, 'association', {
      name: `Bench association ${a}`,
      lat: 45.7676 + (a + 1) * 0.004,
      radius_km: 10,
    });
    const count = Math.min(perAssoc, DEVICES - n);
    const users = await db
      .insertInto('users')
      .values(
        Array.from({ length: count }, (_, i) => ({
          email: `bench-${a}-${i}@example.org`,
          name: `Driver ${a}-${i}`,
          password_hash: null,
          lang: i % 3 ? 'fr' : 'en',
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('memberships')
      .values(
        users.map((u) => ({ user_id: u.id, organisation_id: org.id, role: 'member' as const })),
      )
      .execute();
    const subs = users.map((u) => {
      const d = push.device();
      return {
        user_id: u.id,
        endpoint: d.subscription.endpoint,
        p256dh: d.subscription.keys.p256dh,
        auth: d.subscription.keys.auth,
        user_agent: 'bench',
      };
    });
    for (let i = 0; i < subs.length; i += 500)
      await db
        .insertInto('push_subscriptions')
        .values(subs.slice(i, i + 500))
        .execute();
    n += count;
  }
  return shop.id;
}

async function bareLoop(
  push: FakePushService,
  keys: { publicKey: string; privateKey: string; subject: string },
  total: number,
) {
  const subs = Array.from({ length: total }, () => push.device().subscription);
  const payload = JSON.stringify({
    title: 'Don à 1,2 km : Boulangerie',
    body: '12,5 kg · Pains et viennoiseries · à prendre avant ven. 27 nov., 12:00',
    url: '/donations/1',
    donationId: 1,
  });
  const before = push.count;
  const http = nodePushSender();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const sub = subs[next++];
        const details = webpush.generateRequestDetails(sub, payload, {
          TTL: 3600,
          vapidDetails: {
            subject: keys.subject,
            publicKey: keys.publicKey,
            privateKey: keys.privateKey,
          },
        });
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(details.headers))
          if (k.toLowerCase() !== 'content-length') headers[k] = String(v);
        await http.send({
          endpoint: details.endpoint,
          headers,
          body: details.body as unknown as Uint8Array,
        });
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  http.close();
  if (push.count - before !== total)
    throw new Error(`bare loop: ${push.count - before} of ${total} arrived`);
  return { seconds, perSecond: total / seconds };
}

const { db, kind, close } = await openDb();
await migrateToLatest(db);
const push = await new FakePushService().start();
const shopId = await seed(db, push);
const keys = await vapidKeys(db, { vapidSubject: 'mailto:bench@example.org' });
// every association in the first wave: the bench times one wave to all devices
const waves = { ...DEFAULT_WAVES, waveSize: ASSOCIATIONS };

// warm-up both paths (JIT, keep-alive sockets) outside the timings
push.verifyFirst = 0;
await bareLoop(push, keys, 200);

const bus = new MemoryBus();
const pushSender = benchPushSender();
const worker = new PushDeliveryLoop(
  db,
  pushSender.sender,
  async () => keys,
  () => new Date(),
  { events: bus, batchSize: CONCURRENCY, pollMs: 60_000 },
).start();
await new Promise((r) => setTimeout(r, 200));
const startCount = push.count;
push.verifyFirst = startCount + 50; // the first 50 of the run are decrypted and their VAPID checked; then the endpoint only counts
const elu0 = performance.eventLoopUtilization();
const t0 = performance.now();
const donation = await postDonationAt(db, shopId, new Date(), {}, waves);
const posted = performance.now();
await bus.publish({ type: 'donation.posted', data: { id: donation.id, shopId } });
while (push.count - startCount < DEVICES) await new Promise((r) => setTimeout(r, 5));
const last = push.lastAt;
const busy = performance.eventLoopUtilization(elu0).active; // this thread's, not the others'
await worker.stop();
await pushSender.close();
const endToEnd = (last - t0) / 1000;
const ours = DEVICES / endToEnd;
const bare = await bareLoop(push, keys, DEVICES);
const sent = await db
  .selectFrom('push_deliveries')
  .select((eb) => eb.fn.countAll().as('n'))
  .where('status', '=', 'sent')
  .executeTakeFirstOrThrow();

console.log(
  `Push benchmark on ${kind}, ${DEVICES} devices in ${ASSOCIATIONS} associations, ${CONCURRENCY} requests in flight`,
);
console.log(
  `  posting (donation + plan + ${DEVICES} outbox rows, one transaction): ${(posted - t0).toFixed(0)} ms`,
);
console.log(
  `  post -> last delivery at the endpoint: ${endToEnd.toFixed(2)} s (target < 10 s)  ${endToEnd < 10 ? 'OK' : 'MISSED'}`,
);
console.log(
  `  our sending throughput (end to end): ${ours.toFixed(0)} messages/s; rows marked sent: ${sent.n}`,
);
console.log(
  `  the event loop busy from the post to the last delivery: ${busy.toFixed(0)} ms, ${((busy / DEVICES) * 1000).toFixed(0)} µs a message (the push endpoint's work included: it runs in this process); encryption ${pushSender.label}`,
);
console.log(
  `  bare loop web-push generateRequestDetails + node:http: ${bare.perSecond.toFixed(0)} messages/s (${bare.seconds.toFixed(2)} s)`,
);
console.log(
  `  ratio: ${((ours / bare.perSecond) * 100).toFixed(0)} % (target >= 50 %)  ${ours / bare.perSecond >= 0.5 ? 'OK' : 'MISSED'}`,
);
console.log(
  `  endpoint checks (first 50: VAPID signature + audience, decryption): ${push.problems.length ? push.problems.join('; ') : 'all passed'}`,
);
await push.stop();
await close();
process.exit(0);
