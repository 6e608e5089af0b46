// Issue 14: the shop's open pages follow its donations live. A driver claims, says "je suis en
// route", releases, picks up; a window ends with nobody: the shop's stream (/events) hears each of
// these, and only for its own donations; its list and its donation page reload the part that
// changed (SSE), or poll where there is no event bus (Workers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresClient } from '../../src/db/postgres.js';
import { expiryJob } from '../../src/jobs/jobs.js';
import type { EventBus } from '../../src/realtime/bus.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { PgBus } from '../../src/realtime/pg-bus.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { openStream, type SseReader } from './sse-helpers.js';

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
// the test clock starts at 2026-11-27 08:00 UTC (09:00 in Paris)
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

const events = (r: SseReader, id: number) =>
  r
    .events()
    .filter((e) => e.event !== 'donation-changed' && e.data.id === id)
    .map((e) => e.event);

async function world(extra: Parameters<typeof buildApp>[1] = { events: bus }) {
  const { app } = buildApp(t.db, extra);
  const shop = await createOrgWithUser(t.db, 'shop', LYON);
  const otherShop = await createOrgWithUser(t.db, 'shop', LYON);
  const assoc = await createOrgWithUser(t.db, 'association', { ...LYON, radius_km: 10 });
  return {
    app,
    shop: await signedIn(app, shop.user.email),
    otherShop: await signedIn(app, otherShop.user.email),
    driver: await signedIn(app, assoc.user.email),
    shopApi: await apiAs(app, shop.user.email, PASSWORD),
    otherShopApi: await apiAs(app, otherShop.user.email, PASSWORD),
    driverApi: await apiAs(app, assoc.user.email, PASSWORD),
  };
}

describe('the shop’s open pages follow its donations', () => {
  it('its stream hears every change a driver or the clock makes, another shop’s hears none', async () => {
    const w = await world();
    const post = async (what: string) => {
      const r = await w.shopApi.post('/donations', bread(what));
      expect(r.status).toBe(201);
      return r.body.id as number;
    };
    const [d1, d2, d3] = [await post('Baguettes'), await post('Croissants'), await post('Pain')];
    const mine = await openStream(w.shop);
    const theirs = await openStream(w.otherShop);
    for (const s of [mine, theirs]) {
      expect(s.res.status).toBe(200);
      await s.reader.waitFor(() => s.reader.text.includes(': connected'), 'connected comment');
    }

    // claimed through the API, "je suis en route" on its page, given back through the API
    expect((await w.driverApi.post(`/donations/${d1}/claim`)).status).toBe(200);
    await mine.reader.waitFor(() => events(mine.reader, d1).length === 1, 'claimed');
    const onTheWay = await w.driver.post(`/donations/${d1}/on-the-way`, { arrivalTime: '11:00' });
    expect(onTheWay.status).toBe(303);
    await mine.reader.waitFor(() => events(mine.reader, d1).length === 2, 'on the way');
    // the shop's donation page, reloaded as htmx does, shows the time it was told
    const page = await (await w.shop.get(`/donations/${d1}?fragment=1`)).text();
    expect(page).toContain('id="arrival"');
    expect(page).not.toContain('<html');
    expect((await w.driverApi.delete(`/donations/${d1}/claim`)).status).toBe(200);

    // claimed and picked up with the code the shop's page shows
    expect((await w.driverApi.post(`/donations/${d2}/claim`)).status).toBe(200);
    const code = (await w.shopApi.get(`/donations/${d2}`)).body.handoverCode;
    const picked = await w.driverApi.post(`/donations/${d2}/pickup`, {
      handoverCode: code,
      receivedKg: 3,
      quality: 'good',
    });
    expect(picked.status).toBe(200);

    // nobody took the third before its window ended
    const expired = await expiryJob({ db: t.db, now: () => new Date(at(4)), events: bus });
    expect(expired).toBeGreaterThanOrEqual(1);
    await mine.reader.waitFor(
      () => events(mine.reader, d3).length === 1 && events(mine.reader, d1).length === 4,
      'expired',
    );
    expect(events(mine.reader, d1)).toEqual([
      'donation-claimed',
      'donation-claimed',
      'donation-released',
      'donation-expired', // given back, then nobody took it
    ]);
    expect(events(mine.reader, d2)).toEqual(['donation-claimed', 'donation-picked-up']);
    expect(events(mine.reader, d3)).toEqual(['donation-expired']);
    const ids = new Set(mine.reader.events().map((e) => e.data.id));
    expect([...ids].sort()).toEqual([d1, d2, d3].sort());

    // the other shop's page heard nothing of them: its own donation, posted last, is all it got
    const marker = await w.otherShopApi.post('/donations', bread('Brioches'));
    expect(marker.status).toBe(201);
    await theirs.reader.waitFor((e) => e.some((x) => x.data.id === marker.body.id), 'its own');
    expect(theirs.reader.events().map((e) => [e.event, e.data.id])).toEqual([
      ['donation-posted', marker.body.id],
      ['donation-changed', marker.body.id],
    ]);
    // and cannot read the first shop's page, whole or as a fragment
    expect((await w.otherShop.get(`/donations/${d1}?fragment=1`)).status).toBe(404);
    mine.abort.abort();
    theirs.abort.abort();
  });

  it('its list and its donation page listen to /events and reload only what changes', async () => {
    const w = await world();
    const id = (await w.shopApi.post('/donations', bread('Tartes'))).body.id as number;
    const list = await (await w.shop.get('/donations')).text();
    expect(list).toContain('hx-sse:connect="/events"');
    expect(list).toMatch(
      /id="shop-donations-live" hx-get="\/donations\?fragment=1" hx-trigger="donation-changed from:body"/,
    );
    const page = await (await w.shop.get(`/donations/${id}`)).text();
    expect(page).toContain('hx-sse:connect="/events"');
    expect(page).toContain(
      `id="donation-live" hx-get="/donations/${id}?fragment=1" hx-trigger="donation-changed from:body"`,
    );
    // its home page lists its latest ones the same way
    const home = await (await w.shop.get('/')).text();
    expect(home).toContain('hx-sse:connect="/events"');
    expect(home).toContain('hx-sse-4');
    expect(home).toContain(
      'id="home-shop-donations" hx-get="/donations?fragment=home" hx-trigger="donation-changed from:body"',
    );
    // the map stays out of what reloads
    expect(page.indexOf('id="shop-map"')).toBeGreaterThan(page.indexOf('id="donation-live"'));

    // a driver claims: the list's fragment names who comes and the code
    expect((await w.driverApi.post(`/donations/${id}/claim`)).status).toBe(200);
    const fragment = await (await w.shop.get('/donations?fragment=1')).text();
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('id="shop-donations"');
    expect(fragment).toMatch(/Code de remise|code/i);
    const code = (await w.shopApi.get(`/donations/${id}`)).body.handoverCode as string;
    expect(fragment.replace(/\s/g, '')).toContain(code);
    const homeFragment = await (await w.shop.get('/donations?fragment=home')).text();
    expect(homeFragment).not.toContain('<html');
    expect(homeFragment.replace(/\s/g, '')).toContain(code);

    // the driver's own page of it does not reload by itself (it holds their forms)
    const theirs = await (await w.driver.get(`/donations/${id}`)).text();
    expect(theirs).not.toContain('id="donation-live"');
    expect(theirs).not.toContain('hx-sse:connect');
    // nor does an association's home page load the SSE extension for it
    expect(await (await w.driver.get('/')).text()).not.toContain('hx-sse-4');
  });

  it('polls every 15 s where there is no event bus (Workers), and when told to', async () => {
    for (const extra of [{}, { events: new MemoryBus(), live: 'poll' as const }]) {
      const w = await world(extra);
      const id = (await w.shopApi.post('/donations', bread('Quiches'))).body.id as number;
      for (const [path, src] of [
        ['/', '/donations?fragment=home'],
        ['/donations', '/donations?fragment=1'],
        [`/donations/${id}`, `/donations/${id}?fragment=1`],
      ]) {
        const html = await (await w.shop.get(path)).text();
        expect(html).toContain(`hx-get="${src}" hx-trigger="every 15s"`);
        expect(html).not.toContain('hx-sse:connect');
        expect(html).not.toContain('hx-sse-4');
      }
    }
  });
});
