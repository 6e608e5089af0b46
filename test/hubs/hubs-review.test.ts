import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedCache } from '../../src/donations/feed-cache.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';

// Issue 19, relay hubs, the rules a review found unguarded: the hub's driver is offered only what
// it may do, a shop's member cannot take its own donation through a hub, two claims race for the
// hub's last kg. Both engines.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const at = (h: number) =>
  new Date(Date.parse('2026-11-27T08:00:00Z') + h * 3_600_000).toISOString();
const noFridge = { storage_chilled: false, storage_frozen: false, radius_km: 5 };

async function world(capacityChilledKg = 20, cached = false) {
  const bus = new MemoryBus();
  const feedCache = cached ? new FeedCache(60_000) : undefined;
  feedCache?.listenTo(bus);
  const { app } = buildApp(t.db, cached ? { events: bus, feedCache } : {});
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng: 4.8344 });
  const hub = await createOrgWithUser(t.db, 'association', {
    lat: 45.77,
    lng: 4.84,
    radius_km: 5,
    storage_chilled: true,
  });
  const partner = await createOrgWithUser(t.db, 'association', {
    lat: 45.768,
    lng: 4.835,
    ...noFridge,
  });
  const other = await createOrgWithUser(t.db, 'association', {
    lat: 45.769,
    lng: 4.836,
    ...noFridge,
  });
  const shopApi = await apiAs(app, shop.user.email, PASSWORD);
  const hubApi = await apiAs(app, hub.user.email, PASSWORD);
  const declared = await hubApi.call('PUT', '/hubs', {
    capacityChilledKg,
    capacityFrozenKg: 0,
    openingHours: 'du lundi au vendredi, 9 h - 18 h',
    partnerIds: [partner.org.id, other.org.id],
  });
  expect(declared.status).toBe(200);
  for (const p of [partner, other]) {
    const api = await apiAs(app, p.user.email, PASSWORD);
    const res = await api.post(`/hubs/${hub.org.id}/answer`, { decision: 'accept' });
    expect(res.status).toBe(200);
  }
  const post = async (over: Record<string, unknown> = {}) => {
    const res = await shopApi.post('/donations', {
      category: 'dairy',
      description: '40 yaourts nature',
      quantityKg: 5,
      storage: 'chilled',
      dateKind: 'use_by',
      date: '2026-12-05',
      pickupFrom: at(0),
      pickupUntil: at(4),
      ...over,
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  return { app, shop, hub, partner, other, shopApi, hubApi, post };
}

describe('relay hubs, under review', () => {
  it("the hub's driver sees the shop's handover, not the partner's release or 'on my way'", async () => {
    const w = await world();
    const id = await w.post();
    const partnerApi = await apiAs(w.app, w.partner.user.email, PASSWORD);
    const claim = await partnerApi.post(`/hubs/${w.hub.org.id}/claims`, {
      donationId: id,
      collector: 'hub',
    });
    expect(claim.status).toBe(200);
    const driver = await (await signedIn(w.app, w.hub.user.email)).get(`/donations/${id}`);
    expect(driver.status).toBe(200);
    const html = await driver.text();
    expect(html).toContain(`action="/donations/${id}/pickup"`);
    expect(html).not.toContain(`/donations/${id}/release`);
    expect(html).not.toContain(`/donations/${id}/on-the-way`);
    // the partner still has both
    const own = await (await signedIn(w.app, w.partner.user.email)).get(`/donations/${id}`);
    expect(await own.text()).toContain(`/donations/${id}/release`);
  });

  it("a member of the shop cannot take the shop's own donation through a hub", async () => {
    const w = await world();
    const id = await w.post();
    const both = await createUser(t.db, { organisationId: w.partner.org.id });
    await t.db
      .insertInto('memberships')
      .values({ user_id: both.id, organisation_id: w.shop.org.id, role: 'member' })
      .execute();
    const api = await apiAs(w.app, both.email, PASSWORD);
    const res = await api.post(`/hubs/${w.hub.org.id}/claims`, {
      donationId: id,
      collector: 'partner',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('own_donation');
  });

  it('two partners racing for the last kg of the hub: one gets it, the other is told it is full', async () => {
    const w = await world(6);
    const a = await w.post();
    const b = await w.post({ description: 'Fromages blancs' });
    const [pa, oa] = await Promise.all(
      [w.partner, w.other].map((p) => apiAs(w.app, p.user.email, PASSWORD)),
    );
    const results = await Promise.all([
      pa.post(`/hubs/${w.hub.org.id}/claims`, { donationId: a, collector: 'hub' }),
      oa.post(`/hubs/${w.hub.org.id}/claims`, { donationId: b, collector: 'hub' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('hub_full');
  });

  it('a deposit, a hub or a claim of another association is not found, whatever the id', async () => {
    const w = await world();
    const id = await w.post();
    const partnerApi = await apiAs(w.app, w.partner.user.email, PASSWORD);
    await partnerApi.post(`/hubs/${w.hub.org.id}/claims`, { donationId: id, collector: 'partner' });
    const stranger = await createOrgWithUser(t.db, 'association', { storage_chilled: true });
    const s = await apiAs(w.app, stranger.user.email, PASSWORD);
    expect((await s.post(`/hubs/deposits/${id}`, { receivedKg: 5, temperatureC: 3 })).status).toBe(
      404,
    );
    expect((await s.post(`/hubs/deposits/${id}/collection`, {})).status).toBe(404);
    expect(
      (await s.post(`/hubs/${w.hub.org.id}/claims`, { donationId: id, collector: 'hub' })).status,
    ).toBe(404);
    expect((await s.post(`/hubs/${w.hub.org.id}/answer`, { decision: 'accept' })).status).toBe(404);
    expect((await s.get('/hubs/held')).body.items).toEqual([]);
    expect((await s.get('/hubs/waiting')).body.items).toEqual([]);
    // the hub itself may not collect for the partner when the partner collects
    expect((await w.hubApi.get(`/donations/${id}`)).status).toBe(404);
    for (const bad of ['0', '-1', '1e3', '99999999999999999999', 'abc'])
      expect((await s.post(`/hubs/deposits/${bad}`, { receivedKg: 5 })).status).toBe(404);
  });

  it('the hub refuses the food on arrival with a reason: nothing to fetch, the room is free, a defect', async () => {
    const w = await world(6);
    const a = await w.post();
    const b = await w.post({ description: 'Fromages blancs' });
    const partnerApi = await apiAs(w.app, w.partner.user.email, PASSWORD);
    const claim = (id: number) =>
      partnerApi.post(`/hubs/${w.hub.org.id}/claims`, { donationId: id, collector: 'hub' });
    expect((await claim(a)).status).toBe(200);
    const handoverCode = (await w.shopApi.get(`/donations/${a}`)).body.handoverCode;
    const hand = { handoverCode, receivedKg: 5, temperatureC: 3, quality: 'good' };
    expect((await w.hubApi.post(`/donations/${a}/pickup`, hand)).status).toBe(200);
    // the page offers the refusal next to the arrival, with its reasons
    const hubC = await signedIn(w.app, w.hub.user.email);
    const held = await (await hubC.get('/hubs/held')).text();
    expect(held).toContain('name="refusalReason"');
    expect(held).toContain('Refuser à l’arrivée au relais');
    expect((await w.hubApi.post(`/hubs/deposits/${a}`, { refusalReason: 'smell' })).status).toBe(
      422,
    );
    const refused = await hubC.post(`/hubs/deposits/${a}`, { refusalReason: 'packaging' });
    expect(refused.status).toBe(303);
    expect((await w.hubApi.get('/hubs/held')).body.items).toMatchObject([
      { donationId: a, stage: 'refused', atHub: { kg: 0, refusalReason: 'packaging' } },
    ]);
    expect((await partnerApi.post(`/hubs/deposits/${a}/collection`)).status).toBe(409);
    expect(
      (await w.hubApi.post(`/hubs/deposits/${a}`, { receivedKg: 5, temperatureC: 3 })).status,
    ).toBe(409);
    // 6 kg declared: the refused 5 kg no longer take room
    expect((await claim(b)).status).toBe(200);
    const month = '/quality?from=2026-11-01&to=2026-11-30';
    // a defect of the partner's quality loop, with the hub's reason
    const partnerC = await signedIn(w.app, w.partner.user.email);
    expect(await (await partnerC.get(month)).text()).toContain(
      'refusé à l’arrivée au relais : Emballage',
    );
  });

  it("a hub that leaves a partner out: the partner's cached feed no longer offers its food", async () => {
    const w = await world(20, true);
    const id = await w.post();
    const partnerApi = await apiAs(w.app, w.partner.user.email, PASSWORD);
    const feed = async () =>
      (await partnerApi.get('/donations')).body.items.map((i: { id: number }) => i.id);
    expect(await feed()).toContain(id);
    const changed = await w.hubApi.call('PUT', '/hubs', {
      capacityChilledKg: 20,
      capacityFrozenKg: 0,
      openingHours: 'du lundi au vendredi, 9 h - 18 h',
      partnerIds: [w.other.org.id],
    });
    expect(changed.status).toBe(200);
    expect(await feed()).not.toContain(id);
  });
});
