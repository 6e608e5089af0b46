import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresClient } from '../../src/db/postgres.js';
import type { EventBus } from '../../src/realtime/bus.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { PgBus } from '../../src/realtime/pg-bus.js';
import { apiAs, buildApp, Client, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { openStream, SseReader } from '../realtime/sse-helpers.js';

// Issue 11, hole 10: /events told every signed-in user of every donation (with its exact place),
// live and on replay. Each page now hears only of the donations its organisation may see.
// The bus of each runtime: in-process on the embedded database, the app_events table on PostgreSQL.
const onPostgres = process.env.TEST_DB === 'postgres';

let t: TestDatabase;
let bus: EventBus;
let stopBus = async () => {};
beforeAll(async () => {
  t = await openTestDatabase();
  if (onPostgres) {
    const listen = createPostgresClient(t.url!, { max: 1 } as any);
    const pg = await new PgBus(t.db, listen).start();
    bus = pg;
    stopBus = async () => {
      await pg.stop();
      await listen.end({ timeout: 1 });
    };
  } else bus = new MemoryBus();
});
afterAll(async () => {
  await stopBus();
  await t?.close();
});

const H = 3_600_000;
const at = (h: number) => new Date(Date.parse('2026-11-27T08:00:00Z') + h * H).toISOString();
const bread = (description: string) => ({
  category: 'bakery',
  description,
  quantityKg: 3,
  storage: 'ambient',
  pickupFrom: at(1),
  pickupUntil: at(3),
});
const LYON = { lat: 45.7676, lng: 4.8344, town: 'Lyon' };
// 300 km north of it
const FAR = { lat: 45.7676 + 300 / 111.19, lng: 4.8344, town: 'Loin-sur-Marne' };

async function world() {
  const { app } = buildApp(t.db, { events: bus });
  const shop = await createOrgWithUser(t.db, 'shop', LYON);
  const fitting = await createOrgWithUser(t.db, 'association', { ...LYON, radius_km: 10 });
  const unapproved = await createOrgWithUser(t.db, 'association', {
    ...LYON,
    radius_km: 10,
    approved: false,
  });
  const far = await createOrgWithUser(t.db, 'association', { ...FAR, radius_km: 5 });
  const otherShop = await createOrgWithUser(t.db, 'shop', FAR);
  const territoryHere = await createOrgWithUser(t.db, 'territory', {
    ...LYON,
    area_towns: JSON.stringify(['Lyon']) as any,
  });
  const territoryThere = await createOrgWithUser(t.db, 'territory', {
    ...FAR,
    area_towns: JSON.stringify([FAR.town]) as any,
  });
  const admin = await createUser(t.db, { isAdmin: true });
  const pages = {} as Record<
    | 'fitting'
    | 'unapproved'
    | 'far'
    | 'otherShop'
    | 'shop'
    | 'territoryHere'
    | 'territoryThere'
    | 'admin',
    Client
  >;
  for (const [name, u] of Object.entries({
    fitting: fitting.user,
    unapproved: unapproved.user,
    far: far.user,
    otherShop: otherShop.user,
    shop: shop.user,
    territoryHere: territoryHere.user,
    territoryThere: territoryThere.user,
    admin,
  }))
    pages[name as keyof typeof pages] = await signedIn(app, u.email);
  return {
    app,
    pages,
    shopApi: await apiAs(app, shop.user.email, PASSWORD),
    otherShopApi: await apiAs(app, otherShop.user.email, PASSWORD),
    fittingApi: await apiAs(app, fitting.user.email, PASSWORD),
  };
}

type Streams = Record<string, Awaited<ReturnType<typeof openStream>>>;

async function openAll(pages: Record<string, Client>, headers: Record<string, string>) {
  const streams: Streams = {};
  for (const [name, client] of Object.entries(pages))
    streams[name] = await openStream(client, headers);
  return streams;
}

const idsOf = (r: SseReader, event: string) =>
  r
    .events()
    .filter((e) => e.event === event)
    .map((e) => e.data.id as number);

/**
 * What each page got, once it has got `until` (later events of a stream come after earlier
 * ones): `until` is a donation the page may hear of, posted after the one under test.
 */
async function heard(r: SseReader, until: number) {
  await r.waitFor(() => idsOf(r, 'donation-posted').includes(until), `donation ${until}`);
  return r.events();
}

function expectNoPlace(streams: Streams) {
  for (const [name, s] of Object.entries(streams)) {
    for (const e of s.reader.events())
      expect(Object.keys(e.data).sort(), `${name} ${e.event}`).toEqual(
        e.event === 'donation-changed' ? ['id', 'shopId', 'type'] : ['id', 'shopId'],
      );
    expect(s.reader.text).not.toMatch(/lat|lng/);
  }
}

describe('live events reach only the pages that may see the donation', () => {
  it('live and on replay: the fitting association and the donating shop hear of it; an unapproved or distant association, another shop, another area and visitors do not', async () => {
    const w = await world();

    // visitors are asked to sign in; a page that may hear of nothing is told to stop
    const anonymous = await new Client(w.app).get('/events', { 'last-event-id': '0' });
    expect(anonymous.status).toBe(303);
    expect(await anonymous.text()).not.toMatch(/event:/);

    const { unapproved, ...pages } = w.pages;
    const noPage = await openStream(unapproved, { 'last-event-id': '0' });
    expect(noPage.res.status).toBe(204);
    noPage.abort.abort();

    const live = await openAll(pages, { 'last-event-id': '0' });
    for (const s of Object.values(live)) {
      expect(s.res.status).toBe(200);
      await s.reader.waitFor(() => s.reader.text.includes(': connected'), 'connected comment');
    }

    // an event nobody hears first, so that a page coming back has an id before the donation's
    await bus.publish({ type: 'test.start', data: {} });
    const posted = await w.shopApi.post('/donations', bread('Baguettes (secret)'));
    expect(posted.status).toBe(201);
    const id = posted.body.id as number;
    expect((await w.fittingApi.post(`/donations/${id}/claim`)).status).toBe(200);
    // then a donation 300 km away, that the other shop, the association and the area there hear of
    const marker = await w.otherShopApi.post('/donations', bread('Brioches du nord'));
    expect(marker.status).toBe(201);
    const markerId = marker.body.id as number;

    for (const name of ['fitting', 'shop', 'territoryHere'] as const) {
      const r = live[name].reader;
      await r.waitFor(() => idsOf(r, 'donation-claimed').includes(id), `${name}: claimed`);
      expect(idsOf(r, 'donation-posted'), name).toEqual([id]);
      expect(idsOf(r, 'donation-changed'), name).toEqual([id, id]);
    }
    const all = await heard(live.admin.reader, markerId);
    expect(all.filter((e) => e.event !== 'donation-changed').map((e) => e.data.id)).toEqual([
      id,
      id,
      markerId,
    ]);
    for (const name of ['far', 'otherShop', 'territoryThere'] as const) {
      const got = await heard(live[name].reader, markerId);
      expect(
        got.map((e) => e.data.id),
        name,
      ).toEqual([markerId, markerId]);
    }
    expectNoPlace(live);

    // a page that comes back replays only what it may hear of
    const since = Number(live.fitting.reader.events()[0].id) - 1;
    for (const s of Object.values(live)) s.abort.abort();
    const again = await openAll(pages, { 'last-event-id': String(since) });
    for (const name of ['fitting', 'shop', 'territoryHere'] as const) {
      const r = again[name].reader;
      await r.waitFor(() => idsOf(r, 'donation-claimed').includes(id), `${name}: replayed`);
      expect(idsOf(r, 'donation-posted'), name).toEqual([id]);
    }
    for (const name of ['far', 'otherShop', 'territoryThere', 'admin'] as const) {
      const got = await heard(again[name].reader, markerId);
      expect(got.map((e) => e.data.id).includes(id), name).toBe(name === 'admin');
    }
    expectNoPlace(again);
    const replayedAway = await openStream(unapproved, { 'last-event-id': String(since) });
    expect(replayedAway.res.status).toBe(204);
    for (const s of Object.values(again)) s.abort.abort();
  });
});
