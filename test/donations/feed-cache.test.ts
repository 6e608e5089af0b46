import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedCache } from '../../src/donations/feed-cache.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { apiAs, buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const at = (h: number) =>
  new Date(Date.parse('2026-11-27T08:00:00Z') + h * 3_600_000).toISOString();
const bread = {
  category: 'bakery',
  description: 'pain',
  quantityKg: 3,
  storage: 'ambient',
  pickupFrom: at(1),
  pickupUntil: at(3),
};

describe('the feed cache', () => {
  it('serves the feed between changes, and forgets it when a donation changes nearby, a profile changes, or a window ends', async () => {
    const bus = new MemoryBus();
    const feedCache = new FeedCache(60_000);
    feedCache.listenTo(bus);
    const { app, clock } = buildApp(t.db, { events: bus, feedCache });
    const shop = await createOrgWithUser(t.db, 'shop', { lat: 43.3, lng: 5.4 });
    const a = await createOrgWithUser(t.db, 'association', { lat: 43.301, lng: 5.4, radius_km: 2 });
    const b = await createOrgWithUser(t.db, 'association', { lat: 43.302, lng: 5.4, radius_km: 2 });
    const shopApi = await apiAs(app, shop.user.email, PASSWORD);
    const aApi = await apiAs(app, a.user.email, PASSWORD);
    const bApi = await apiAs(app, b.user.email, PASSWORD);
    const ids = async (api: typeof aApi) =>
      (await api.get('/donations')).body.items
        .filter((i: any) => i.status === 'open')
        .map((i: any) => i.id);

    const first = (await shopApi.post('/donations', bread)).body.id;
    expect(await ids(aApi)).toEqual([first]);
    // a change made behind the app's back is not seen while cached: the cache is really used
    await t.db
      .updateTable('donations')
      .set({ description: 'changed behind its back' })
      .where('id', '=', first)
      .execute();
    expect((await aApi.get('/donations')).body.items[0].description).toBe('pain');

    const second = (await shopApi.post('/donations', { ...bread, pickupUntil: at(2) })).body.id;
    expect(await ids(aApi)).toEqual([second, first]); // posting nearby cleared it
    expect((await aApi.get('/donations')).body.items[1].description).toBe(
      'changed behind its back',
    );

    await bApi.post(`/donations/${second}/claim`);
    expect(await ids(aApi)).toEqual([first]); // a claim by another association cleared it

    // a donation far away does not clear it
    const far = await createOrgWithUser(t.db, 'shop', { lat: 48.85, lng: 2.35 });
    await (await apiAs(app, far.user.email, PASSWORD)).post('/donations', bread);
    await t.db
      .updateTable('donations')
      .set({ description: 'again behind its back' })
      .where('id', '=', first)
      .execute();
    expect((await aApi.get('/donations')).body.items[0].description).toBe(
      'changed behind its back',
    );

    // its own profile change forgets it
    expect((await aApi.patch(`/organisations/${a.org.id}`, { radiusKm: 3 })).status).toBe(200);
    expect((await aApi.get('/donations')).body.items[0].description).toBe('again behind its back');

    // rows whose window ended are not served from the cache
    clock.set(at(3.5));
    expect(await ids(aApi)).toEqual([]);
  });

  it('keeps what an association has claimed until a change in its area: claim, release, pickup', async () => {
    const bus = new MemoryBus();
    const feedCache = new FeedCache(60_000);
    feedCache.listenTo(bus);
    const { app } = buildApp(t.db, { events: bus, feedCache });
    const shop = await createOrgWithUser(t.db, 'shop', { lat: 44.8, lng: -0.57 });
    const a = await createOrgWithUser(t.db, 'association', {
      lat: 44.801,
      lng: -0.57,
      radius_km: 2,
    });
    const shopApi = await apiAs(app, shop.user.email, PASSWORD);
    const aApi = await apiAs(app, a.user.email, PASSWORD);
    const claimed = async () =>
      (await aApi.get('/donations')).body.items.filter((i: any) => i.status === 'claimed');
    const id = (await shopApi.post('/donations', bread)).body.id;
    expect(await claimed()).toEqual([]);
    expect((await aApi.post(`/donations/${id}/claim`)).status).toBe(200);
    expect((await claimed()).map((i: any) => i.id)).toEqual([id]);
    // read from the cache until something changes in its area
    await t.db
      .updateTable('donations')
      .set({ description: 'changed behind its back' })
      .where('id', '=', id)
      .execute();
    expect((await claimed())[0].description).toBe('pain');
    expect((await aApi.delete(`/donations/${id}/claim`)).status).toBe(200);
    expect(await claimed()).toEqual([]);
    expect((await aApi.post(`/donations/${id}/claim`)).status).toBe(200);
    expect((await claimed())[0].description).toBe('changed behind its back');
    const code = (await shopApi.get(`/donations/${id}`)).body.handoverCode;
    const pickup = await aApi.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: 3,
      quality: 'good',
    });
    expect(pickup.status).toBe(200);
    expect(await claimed()).toEqual([]);
  });

  it('is not used without a bus to clear it', async () => {
    const { deps } = buildApp(t.db);
    expect(deps.feedCache).toBeUndefined();
  });
});
