import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const H = 3_600_000;
// the test clock starts at 2026-11-27T09:00 Paris
const at = (h: number) => new Date(Date.parse('2026-11-27T08:00:00Z') + h * H).toISOString();

async function world() {
  const { app, clock } = buildApp(t.db);
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng: 4.8344 });
  const fridge = { storage_chilled: true, storage_frozen: true };
  const near = await createOrgWithUser(t.db, 'association', {
    lat: 45.77,
    lng: 4.84,
    radius_km: 3,
    ...fridge,
  });
  const other = await createOrgWithUser(t.db, 'association', {
    lat: 45.768,
    lng: 4.835,
    radius_km: 3,
    ...fridge,
  });
  return {
    app,
    clock,
    shop,
    near,
    other,
    shopApi: await apiAs(app, shop.user.email, PASSWORD),
    nearApi: await apiAs(app, near.user.email, PASSWORD),
    otherApi: await apiAs(app, other.user.email, PASSWORD),
  };
}

const yoghurt = (over: Record<string, unknown> = {}) => ({
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

/** Posted by the shop, claimed by `near`; its handover code. */
async function claimed(w: Awaited<ReturnType<typeof world>>, over: Record<string, unknown> = {}) {
  const posted = await w.shopApi.post('/donations', yoghurt(over));
  expect(posted.status).toBe(201);
  const id = posted.body.id as number;
  expect((await w.nearApi.post(`/donations/${id}/claim`)).status).toBe(200);
  const code = (await w.shopApi.get(`/donations/${id}`)).body.handoverCode as string;
  return { id, code };
}

describe('cold chain at the handover (DGCCRF limits by storage and category)', () => {
  it('refuses a too warm yoghurt taken as good, then accepts it with a confirmed reason', async () => {
    const w = await world();
    const { id, code } = await claimed(w);
    const warm = { handoverCode: code, receivedKg: 5, temperatureC: 12 };
    const good = await w.nearApi.post(`/donations/${id}/pickup`, { ...warm, quality: 'good' });
    expect(good.status).toBe(422);
    expect(good.body.error.fields.temperatureC).toMatch(/cold-chain limit/);
    const ticked = await w.nearApi.post(`/donations/${id}/pickup`, {
      ...warm,
      quality: 'acceptable',
      issues: 'porte du frigo ouverte',
      temperatureConfirmed: true, // ticked but no reason: still refused
    });
    expect(ticked.status).toBe(422);
    expect((await w.nearApi.get(`/donations/${id}`)).body.status).toBe('claimed');

    const ok = await w.nearApi.post(`/donations/${id}/pickup`, {
      ...warm,
      quality: 'good',
      temperatureConfirmed: true,
      temperatureReason: 'surface_reading',
    });
    expect(ok.status).toBe(200);
    const seen = (await w.shopApi.get(`/donations/${id}`)).body;
    expect(seen).toMatchObject({ status: 'picked_up', temperatureReason: 'surface_reading' });
    // the quality loop receives it: a defect for the shop, above its limit of 8 °C
    const q = await (await signedIn(w.app, w.shop.user.email)).get('/quality');
    const page = await q.text();
    expect(page).toContain('40 yaourts nature');
  });

  it('takes a yoghurt at its limit, and a poor one above it, without a confirmation', async () => {
    const w = await world();
    const a = await claimed(w);
    const atLimit = await w.nearApi.post(`/donations/${a.id}/pickup`, {
      handoverCode: a.code,
      receivedKg: 5,
      temperatureC: 8,
      quality: 'good',
    });
    expect(atLimit.status).toBe(200);
    const b = await claimed(w);
    const poor = await w.nearApi.post(`/donations/${b.id}/pickup`, {
      handoverCode: b.code,
      receivedKg: 5,
      temperatureC: 12,
      quality: 'poor',
      reasons: ['temperature'],
    });
    expect(poor.status).toBe(200);
  });

  it('holds frozen food to -18 °C', async () => {
    const w = await world();
    const { id, code } = await claimed(w, {
      category: 'frozen',
      storage: 'frozen',
      dateKind: 'best_before',
      description: 'frites surgelées',
    });
    const res = await w.nearApi.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: 5,
      temperatureC: -15,
      quality: 'acceptable',
      issues: 'givre',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.fields.temperatureC).toMatch(/cold-chain limit/);
  });

  it('says it next to the field on the phone form', async () => {
    const w = await world();
    const { id, code } = await claimed(w);
    const a = await signedIn(w.app, w.near.user.email);
    const page = await (await a.get(`/donations/${id}`)).text();
    expect(page).toContain('Limite pour ce produit : 8 °C');
    const res = await a.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: '5',
      temperatureC: '12',
      quality: 'good',
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Au-dessus de la limite de la chaîne du froid');
    const ok = await a.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: '5',
      temperatureC: '12',
      quality: 'good',
      temperatureConfirmed: 'on',
      temperatureReason: 'brief_exposure',
    });
    expect(ok.status).toBe(303);
    expect(await (await a.get(`/donations/${id}`)).text()).toContain('Exposition brève');
  });
});
