import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresClient, openPostgres } from '../../src/db/postgres.js';
import { PgBus } from '../../src/realtime/pg-bus.js';
import { DrainLoop } from '../../src/shared/drain-loop.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { SseReader } from './sse-helpers.js';

// Two Node instances on one PostgreSQL: each has its own connections, its own bus and its own app.
const onPostgres = process.env.TEST_DB === 'postgres';

describe.skipIf(!onPostgres)('two instances on one PostgreSQL', () => {
  let t: TestDatabase;
  const instances: {
    db: ReturnType<typeof openPostgres>;
    listen: ReturnType<typeof createPostgresClient>;
    bus: PgBus;
  }[] = [];

  beforeAll(async () => {
    t = await openTestDatabase();
    for (const name of ['instance-a', 'instance-b']) {
      const db = openPostgres(t.url!);
      const listen = createPostgresClient(t.url!, {
        max: 1,
        connection: { application_name: `${name}-listen` },
      } as any);
      const bus = await new PgBus(db.db, listen).start();
      instances.push({ db, listen, bus });
    }
  });
  afterAll(async () => {
    for (const i of instances) {
      await i.bus.stop();
      await i.listen.end({ timeout: 1 });
      await i.db.close();
    }
    await t?.close();
  });

  it('an event published on one reaches a page served by the other, and one missed while the connection was down is replayed', async () => {
    const [a, b] = instances;
    const appB = buildApp(b.db.db, { events: b.bus }).app;
    const { org, user } = await createOrgWithUser(t.db, 'association');
    const associationIds = [org.id];
    const page = new Client(appB);
    await page.signIn(user.email, PASSWORD);
    const abort = new AbortController();
    const res = await page.request('/events', { signal: abort.signal });
    const reader = new SseReader(res);
    await reader.waitFor(() => reader.text.includes(': connected'), 'connected comment');

    await a.bus.publish({ type: 'donation.posted', data: { id: 41, shopId: 1, associationIds } });
    let got = await reader.waitFor((e) => e.length >= 1);
    expect(got[0]).toMatchObject({ event: 'donation-posted', data: { id: 41, shopId: 1 } });

    // cut B's LISTEN connection, publish on A meanwhile: B catches up when postgres.js re-listens
    const admin = postgres(t.url!, { max: 1, onnotice: () => {} });
    const killed =
      await admin`select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = 'instance-b-listen'`;
    expect(killed.length).toBe(1);
    await a.bus.publish({ type: 'donation.claimed', data: { id: 41, shopId: 1, associationIds } });
    got = await reader.waitFor((e) => e.length >= 4, 'replayed event', 20_000);
    expect(got.map((e) => e.event)).toEqual([
      'donation-posted',
      'donation-changed',
      'donation-claimed',
      'donation-changed',
    ]);
    await admin.end();
    abort.abort();
  });

  it('a burst of events reaches the other instance once each, read in batches', async () => {
    const [a, b] = instances;
    const got: number[] = [];
    const off = b.bus.subscribe((e) => {
      if (e.type === 'burst.test') got.push((e.data as { n: number }).n);
    });
    const readsBefore = b.bus.reads;
    await Promise.all(
      Array.from({ length: 200 }, (_, n) => a.bus.publish({ type: 'burst.test', data: { n } })),
    );
    for (let i = 0; i < 100 && got.length < 200; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500)); // the reads still queued, if any
    off();
    expect([...got].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, n) => n));
    expect(new Set(got).size).toBe(200);
    expect(b.bus.reads - readsBefore).toBeLessThan(200); // notifications met by a waiting read
  });
  it('an event whose transaction commits after a later one is delivered once, and the others are not read again', async () => {
    const [a, b] = instances;
    const got: string[] = [];
    const off = b.bus.subscribe((e) => {
      if (e.type === 'late.test') got.push((e.data as { n: string }).n);
    });
    const wait = async (n: number) => {
      for (let i = 0; i < 100 && got.length < n; i++) await new Promise((r) => setTimeout(r, 30));
    };
    // the first takes its id, and commits only after the second is published and heard
    const held = postgres(t.url!, { max: 1, onnotice: () => {} });
    let commitFirst!: () => void;
    const firstDone = held.begin(async (trx) => {
      await trx.unsafe(
        `insert into app_events (type, data) values ('late.test', '{"n": "first"}'::jsonb)`,
      );
      await new Promise<void>((r) => (commitFirst = r));
      await trx`select pg_notify('app_events', '0')`;
    });
    await new Promise((r) => setTimeout(r, 100));
    await a.bus.publish({ type: 'late.test', data: { n: 'second' } });
    await wait(1);
    expect(got).toEqual(['second']);
    commitFirst();
    await firstDone;
    await wait(2);
    // a third, later: the first two are neither dispatched nor read again (one row read)
    const rowsBefore = b.bus.rowsRead;
    await a.bus.publish({ type: 'late.test', data: { n: 'third' } });
    await wait(3);
    expect(b.bus.rowsRead - rowsBefore).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    off();
    await held.end();
    expect(got).toEqual(['second', 'first', 'third']);
  });
  it("an instance's senders are woken by its own events only (ownEvents); the others by their poll", async () => {
    const [a, b] = instances;
    const drains = { a: 0, b: 0 };
    const loop = (bus: PgBus, name: 'a' | 'b') =>
      new DrainLoop(name, async () => void drains[name]++, new Set(['donation.posted']), {
        events: bus,
        ownEvents: true,
        pollMs: 60_000,
      }).start();
    const [la, lb] = [loop(a.bus, 'a'), loop(b.bus, 'b')];
    try {
      await expect.poll(() => drains.a + drains.b).toBe(2); // the first drains, at start
      const heard: number[] = [];
      const off = b.bus.subscribe((e) => heard.push(Number(e.data.id)));
      await a.bus.publish({ type: 'donation.posted', data: { id: 51, shopId: 1 } });
      await expect.poll(() => drains.a).toBe(2); // woken at once, before any read back
      await expect.poll(() => heard).toEqual([51]); // B's pages hear of it...
      await new Promise((r) => setTimeout(r, 200));
      expect(drains.b).toBe(1); // ...but B's sender was not woken for it
      await b.bus.publish({ type: 'donation.posted', data: { id: 52, shopId: 1 } });
      await expect.poll(() => drains.b).toBe(2);
      expect(drains.a).toBe(2);
      off();
    } finally {
      await la.stop();
      await lb.stop();
    }
  });
});
