import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';

// Issue 19, relay hubs: a partner without a fridge claims chilled food through a hub's cold room;
// two handovers with temperatures, then the partner fetches it from the hub. Both engines.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const H = 3_600_000;
const at = (h: number) => new Date(Date.parse('2026-11-27T08:00:00Z') + h * H).toISOString();
const noFridge = { storage_chilled: false, storage_frozen: false, radius_km: 5 };

async function world(capacityChilledKg = 20) {
  const { app } = buildApp(t.db);
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng: 4.8344 });
  const hub = await createOrgWithUser(t.db, 'association', {
    lat: 45.77,
    lng: 4.84,
    radius_km: 5,
    storage_chilled: true,
    storage_frozen: true,
  });
  const partner = await createOrgWithUser(t.db, 'association', {
    lat: 45.768,
    lng: 4.835,
    ...noFridge,
  });
  const third = await createOrgWithUser(t.db, 'association', {
    lat: 45.769,
    lng: 4.836,
    ...noFridge,
  });
  const api = async (u: { email: string }) => apiAs(app, u.email, PASSWORD);
  const w = {
    app,
    shop,
    hub,
    partner,
    third,
    shopApi: await api(shop.user),
    hubApi: await api(hub.user),
    partnerApi: await api(partner.user),
    thirdApi: await api(third.user),
  };
  const declared = await w.hubApi.call('PUT', '/hubs', {
    capacityChilledKg,
    capacityFrozenKg: 10,
    openingHours: 'du lundi au vendredi, 9 h - 18 h',
    partnerIds: [partner.org.id],
  });
  expect(declared.status).toBe(200);
  return w;
}
type World = Awaited<ReturnType<typeof world>>;

const accept = async (w: World) => {
  const res = await w.partnerApi.post(`/hubs/${w.hub.org.id}/answer`, { decision: 'accept' });
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('accepted');
};

async function post(w: World, over: Record<string, unknown> = {}) {
  const res = await w.shopApi.post('/donations', {
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
}

const feedIds = async (api: World['partnerApi']) =>
  (await api.get('/donations')).body.items.map((i: { id: number }) => i.id);
const code = async (w: World, id: number) =>
  (await w.shopApi.get(`/donations/${id}`)).body.handoverCode as string;

describe('a chilled donation through a relay hub', () => {
  it('is claimed by the partner, handed over at the shop, then at the hub, then fetched', async () => {
    const w = await world();
    const id = await post(w);
    // named but not accepted yet: nothing through the hub
    expect(await feedIds(w.partnerApi)).not.toContain(id);
    await accept(w);
    const feed = (await w.partnerApi.get('/donations')).body.items;
    expect(feed.find((i: any) => i.id === id).viaHub).toEqual({
      organisationId: w.hub.org.id,
      name: w.hub.org.name,
    });
    expect((await w.partnerApi.get('/hubs/offers')).body.items.map((i: any) => i.id)).toEqual([id]);
    // not by the plain claim: the partner cannot keep it itself
    expect((await w.partnerApi.post(`/donations/${id}/claim`)).status).toBe(409);
    const claim = await w.partnerApi.post(`/hubs/${w.hub.org.id}/claims`, {
      donationId: id,
      collector: 'hub',
    });
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({
      claimedBy: { organisationId: w.partner.org.id },
      hub: { organisationId: w.hub.org.id, collector: 'hub' },
    });
    expect((await w.hubApi.get('/hubs/held')).body.items).toMatchObject([
      { donationId: id, stage: 'at_shop', collector: 'hub' },
    ]);
    // the shop's handover, as today, by the hub's driver
    const pickup = await w.hubApi.post(`/donations/${id}/pickup`, {
      handoverCode: await code(w, id),
      receivedKg: 5,
      temperatureC: 3,
      quality: 'good',
    });
    expect(pickup.status).toBe(200);
    // the second handover: above the limit without a reason is refused, as at the shop
    const warm = await w.hubApi.post(`/hubs/deposits/${id}`, { receivedKg: 5, temperatureC: 12 });
    expect(warm.status).toBe(422);
    expect(warm.body.error.fields.temperatureC).toMatch(/cold-chain limit/);
    const ticked = await w.hubApi.post(`/hubs/deposits/${id}`, {
      receivedKg: 5,
      temperatureC: 12,
      temperatureConfirmed: true,
    });
    expect(ticked.status).toBe(422);
    const more = await w.hubApi.post(`/hubs/deposits/${id}`, { receivedKg: 6, temperatureC: 4 });
    expect(more.status).toBe(422);
    expect(more.body.error.fields.receivedKg).toBeTruthy();
    expect((await w.hubApi.post(`/hubs/deposits/${id}`, { receivedKg: 4.8 })).status).toBe(422);
    const deposit = await w.hubApi.post(`/hubs/deposits/${id}`, {
      receivedKg: 4.8,
      temperatureC: 4,
    });
    expect(deposit.status).toBe(201);
    expect(deposit.body).toMatchObject({ receivedKg: 4.8, temperatureC: 4 });
    expect(
      (await w.hubApi.post(`/hubs/deposits/${id}`, { receivedKg: 4.8, temperatureC: 4 })).status,
    ).toBe(409);
    const waiting = (await w.partnerApi.get('/hubs/waiting')).body.items;
    expect(waiting).toMatchObject([
      {
        donationId: id,
        stage: 'at_hub',
        atShop: { kg: 5, temperatureC: 3 },
        atHub: { kg: 4.8, temperatureC: 4 },
      },
    ]);
    // the third record: the partner fetches it (the hub cannot say so for it)
    expect((await w.hubApi.post(`/hubs/deposits/${id}/collection`)).status).toBe(404);
    const fetched = await w.partnerApi.post(`/hubs/deposits/${id}/collection`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.collectedAt).toBe(new Date('2026-11-27T09:00:00+01:00').toISOString());
    expect((await w.partnerApi.post(`/hubs/deposits/${id}/collection`)).status).toBe(409);
    expect((await w.partnerApi.get('/hubs/waiting')).body.items[0].stage).toBe('collected');
    // the kg are counted once, for the partner
    const month = '/stats?from=2026-11-01&to=2026-11-30';
    expect((await w.partnerApi.get(month)).body.pickedUpKg).toBe(5);
    expect((await w.hubApi.get(month)).body.pickedUpKg).toBe(0);
  });

  it('a third association sees nothing of it; without a hub, no chilled food in its feed', async () => {
    const w = await world();
    await accept(w);
    const id = await post(w);
    expect(await feedIds(w.thirdApi)).not.toContain(id);
    expect((await w.thirdApi.get('/hubs/offers')).body.items).toEqual([]);
    expect((await w.thirdApi.get(`/donations/${id}`)).status).toBe(404);
    expect(
      (
        await w.thirdApi.post(`/hubs/${w.hub.org.id}/claims`, {
          donationId: id,
          collector: 'partner',
        })
      ).status,
    ).toBe(404);
    const claim = await w.partnerApi.post(`/hubs/${w.hub.org.id}/claims`, {
      donationId: id,
      collector: 'partner',
    });
    expect(claim.status).toBe(200);
    expect((await w.thirdApi.get('/hubs/held')).body.items).toEqual([]);
    expect((await w.thirdApi.get('/hubs/waiting')).body.items).toEqual([]);
    // the partner's own driver collects: the hub's may not record the shop's handover
    const hand = {
      handoverCode: await code(w, id),
      receivedKg: 5,
      temperatureC: 3,
      quality: 'good',
    };
    expect((await w.hubApi.post(`/donations/${id}/pickup`, hand)).status).toBe(404);
    expect((await w.thirdApi.post(`/donations/${id}/pickup`, hand)).status).toBe(404);
    expect((await w.partnerApi.post(`/donations/${id}/pickup`, hand)).status).toBe(200);
    expect(
      (await w.thirdApi.post(`/hubs/deposits/${id}`, { receivedKg: 5, temperatureC: 3 })).status,
    ).toBe(404);
    expect(
      (await w.partnerApi.post(`/hubs/deposits/${id}`, { receivedKg: 5, temperatureC: 3 })).status,
    ).toBe(404);
    // an ambient donation stays in everyone's own feed, never "via the hub"
    const bread = await post(w, {
      category: 'bakery',
      storage: 'ambient',
      dateKind: null,
      date: null,
    });
    expect(await feedIds(w.thirdApi)).toContain(bread);
    expect((await w.partnerApi.get('/hubs/offers')).body.items).toEqual([]);
  });

  it('refuses a claim beyond the free capacity, and frees it when the claim is given back', async () => {
    const w = await world(8);
    await accept(w);
    const a = await post(w);
    const b = await post(w, { description: 'Fromages blancs' });
    const claim = (id: number) =>
      w.partnerApi.post(`/hubs/${w.hub.org.id}/claims`, { donationId: id, collector: 'hub' });
    expect((await claim(a)).status).toBe(200);
    // 8 kg declared, 5 held: the next 5 kg do not fit, and the feed no longer offers them
    expect(await feedIds(w.partnerApi)).not.toContain(b);
    const full = await claim(b);
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('hub_full');
    // frozen room is apart: a frozen donation still fits
    const ice = await post(w, {
      category: 'frozen',
      storage: 'frozen',
      description: 'Glaces',
      quantityKg: 4,
    });
    expect((await claim(ice)).status).toBe(200);
    expect((await w.partnerApi.delete(`/donations/${a}/claim`)).status).toBe(200);
    expect((await claim(b)).status).toBe(200);
  });

  it('a too warm arrival at the hub, with its reason, is a defect of the quality loop', async () => {
    const w = await world();
    await accept(w);
    const id = await post(w);
    await w.partnerApi.post(`/hubs/${w.hub.org.id}/claims`, {
      donationId: id,
      collector: 'partner',
    });
    const hand = {
      handoverCode: await code(w, id),
      receivedKg: 5,
      temperatureC: 3,
      quality: 'good',
    };
    expect((await w.partnerApi.post(`/donations/${id}/pickup`, hand)).status).toBe(200);
    const warm = await w.hubApi.post(`/hubs/deposits/${id}`, {
      receivedKg: 5,
      temperatureC: 11,
      temperatureConfirmed: true,
      temperatureReason: 'brief_exposure',
    });
    expect(warm.status).toBe(201);
    const { listDefects } = await import('../../src/quality/domain.js');
    const defects = await listDefects(
      t.db,
      { all: false, label: 'shop', shopIds: [w.shop.org.id], associationIds: [] },
      { from: '2026-11-01', to: '2026-11-30', shopId: null } as never,
      id,
    );
    expect(defects.map((d) => [d.id, d.reasons, d.hubTemperatureC])).toEqual([
      [id, ['hub_temperature'], 11],
    ]);
  });
});

describe('declaring a hub', () => {
  it('needs a manager, the cold storage for each capacity, and at most 10 approved partners', async () => {
    const w = await world();
    const put = (api: World['hubApi'], body: Record<string, unknown>) =>
      api.call('PUT', '/hubs', body);
    const base = {
      capacityChilledKg: 10,
      capacityFrozenKg: 0,
      openingHours: '9 h - 12 h',
      partnerIds: [],
    };
    const none = await put(w.thirdApi, base);
    expect(none.status).toBe(422);
    expect(none.body.error.fields.capacityChilledKg).toBeTruthy();
    const freezerOnly = await createOrgWithUser(t.db, 'association', { storage_frozen: true });
    const fo = await apiAs(w.app, freezerOnly.user.email, PASSWORD);
    expect((await put(fo, base)).body.error.fields.capacityChilledKg).toBeTruthy();
    expect((await put(fo, { ...base, capacityChilledKg: 0, capacityFrozenKg: 5 })).status).toBe(
      200,
    );
    const member = await createUser(t.db, { organisationId: w.hub.org.id, role: 'member' });
    expect((await put(await apiAs(w.app, member.email, PASSWORD), base)).status).toBe(403);
    expect(
      (await put(w.hubApi, { ...base, partnerIds: [w.hub.org.id] })).body.error.fields.partnerIds,
    ).toBeTruthy();
    expect(
      (await put(w.hubApi, { ...base, partnerIds: [w.shop.org.id] })).body.error.fields.partnerIds,
    ).toBeTruthy();
    const many = [];
    for (let i = 0; i < 11; i++) many.push((await createOrgWithUser(t.db, 'association')).org.id);
    expect(
      (await put(w.hubApi, { ...base, partnerIds: many })).body.error.fields.partnerIds,
    ).toBeTruthy();
    expect((await put(w.hubApi, { ...base, openingHours: 'x'.repeat(301) })).status).toBe(422);
    expect((await put(w.hubApi, { ...base, capacityChilledKg: -1 })).status).toBe(422);
    expect(
      (await put(w.hubApi, { ...base, capacityChilledKg: 0 })).body.error.fields.capacityChilledKg,
    ).toBeTruthy();
    // a partner left out is ended: its offers go
    expect((await put(w.hubApi, base)).body.partners).toMatchObject([{ status: 'ended' }]);
    expect(
      (await w.partnerApi.post(`/hubs/${w.hub.org.id}/answer`, { decision: 'accept' })).status,
    ).toBe(404);
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('describes every relay hub path', async () => {
    const { app } = buildApp(t.db);
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    for (const [path, method] of [
      ['/hubs', 'get'],
      ['/hubs', 'put'],
      ['/hubs/{id}/answer', 'post'],
      ['/hubs/offers', 'get'],
      ['/hubs/{id}/claims', 'post'],
      ['/hubs/held', 'get'],
      ['/hubs/waiting', 'get'],
      ['/hubs/deposits/{id}', 'post'],
      ['/hubs/deposits/{id}/collection', 'post'],
    ])
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeTruthy();
  });
});
