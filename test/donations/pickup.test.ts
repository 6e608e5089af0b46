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
    const again = await res.text();
    expect(again).toContain('Au-dessus de la limite de la chaîne du froid');
    // the code the shop gave is kept: only a wrong code is typed again
    expect(again).toMatch(
      new RegExp(`name="handoverCode"[^>]*value="${code}"|value="${code}"[^>]*name="handoverCode"`),
    );
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

describe('use-by date at posting', () => {
  it('refuses chilled food with a use-by date kind and no date, saving nothing', async () => {
    const w = await world();
    const res = await w.shopApi.post('/donations', yoghurt({ date: null }));
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields)).toEqual(['date']);
    expect((await w.shopApi.get('/donations')).body.items).toEqual([]);
    expect((await w.shopApi.post('/donations', yoghurt())).status).toBe(201);
  });
});

describe('structured reasons for zero kg or a refusal', () => {
  it('asks for a reason code, needs words for "other", and keeps the codes', async () => {
    const w = await world();
    const { id, code } = await claimed(w);
    const refuse = { handoverCode: code, receivedKg: 0, quality: 'refused', issues: 'moisi' };
    const none = await w.nearApi.post(`/donations/${id}/pickup`, refuse);
    expect(none.status).toBe(422);
    expect(Object.keys(none.body.error.fields)).toEqual(['reasons']);
    const bad = await w.nearApi.post(`/donations/${id}/pickup`, { ...refuse, reasons: ['smell'] });
    expect(bad.status).toBe(422);
    const other = await w.nearApi.post(`/donations/${id}/pickup`, {
      ...refuse,
      issues: null,
      reasons: ['other'],
    });
    expect(other.status).toBe(422);
    expect(Object.keys(other.body.error.fields)).toContain('issues');
    const ok = await w.nearApi.post(`/donations/${id}/pickup`, {
      ...refuse,
      reasons: ['appearance', 'packaging', 'appearance'],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('refused');
    const seen = (await w.nearApi.get(`/donations/${id}`)).body;
    expect(seen).toMatchObject({ issues: 'moisi', reasons: ['appearance', 'packaging'] });

    // shown in the quality follow-up, and counted there
    const q = await (await (await signedIn(w.app, w.shop.user.email)).get('/quality')).text();
    expect(q).toContain('Raisons données : Aspect, Emballage');
    expect(q).toMatch(/id="reason-counts">[^<]*Aspect 1 · Emballage 1/);
  });

  it('refuses an unknown code in the database too', async () => {
    const w = await world();
    const { id } = await claimed(w);
    await expect(
      t.db
        .updateTable('donations')
        .set({ reasons: JSON.stringify(['smell']) })
        .where('id', '=', id)
        .execute(),
    ).rejects.toThrow();
  });
});

describe('partial pickup', () => {
  it('offers the rest again at once, linked to the first, in another association’s feed', async () => {
    const w = await world();
    const { id, code } = await claimed(w, { valueEur: 10 });
    const res = await w.nearApi.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: 2,
      temperatureC: 4,
      quality: 'good',
      remainder: 'reoffer',
    });
    expect(res.status).toBe(200);
    const restId = res.body.remainder.id;
    expect(restId).toBeGreaterThan(id);
    const feed = (await w.otherApi.get('/donations')).body.items;
    const rest = feed.find((i: any) => i.id === restId);
    expect(rest).toMatchObject({ status: 'open', quantityKg: 3, pickupUntil: at(4) });
    const row = await t.db
      .selectFrom('donations')
      .selectAll()
      .where('id', '=', restId)
      .executeTakeFirstOrThrow();
    expect(row.parent_id).toBe(id);
    expect(Number(row.value_eur)).toBe(6);
    // and the normal alerts: the associations in range are planned, the first wave told
    const targets = await t.db
      .selectFrom('notification_targets')
      .select('association_id')
      .where('donation_id', '=', restId)
      .execute();
    expect(targets.map((x) => x.association_id)).toContain(w.other.org.id);
    expect((await w.shopApi.get(`/donations/${id}`)).body.receivedKg).toBe(2);
  });

  it('refuses a partial pickup larger than the donation, and saves nothing', async () => {
    const w = await world();
    const { id, code } = await claimed(w);
    const res = await w.nearApi.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: 6,
      temperatureC: 4,
      quality: 'good',
      remainder: 'reoffer',
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields)).toEqual(['receivedKg']);
    expect((await w.nearApi.get(`/donations/${id}`)).body.status).toBe('claimed');
    const children = await t.db
      .selectFrom('donations')
      .select('id')
      .where('parent_id', '=', id)
      .execute();
    expect(children).toEqual([]);
  });

  it('records the rest as left with a reason', async () => {
    const w = await world();
    const { id, code } = await claimed(w);
    const left = { handoverCode: code, receivedKg: 4, temperatureC: 4, quality: 'good' };
    const noReason = await w.nearApi.post(`/donations/${id}/pickup`, {
      ...left,
      remainder: 'left',
    });
    expect(noReason.status).toBe(422);
    expect(Object.keys(noReason.body.error.fields)).toEqual(['reasons']);
    const ok = await w.nearApi.post(`/donations/${id}/pickup`, {
      ...left,
      remainder: 'left',
      reasons: ['quantity'],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.remainder).toBeNull();
    expect((await w.nearApi.get(`/donations/${id}`)).body).toMatchObject({
      leftKg: 1,
      reasons: ['quantity'],
    });
  });

  it('says so when the window is too near its end to offer the rest', async () => {
    const w = await world();
    const { id, code } = await claimed(w);
    w.clock.set(new Date(Date.parse(at(4)) - 10 * 60_000));
    const res = await w.nearApi.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: 2,
      temperatureC: 4,
      quality: 'good',
      remainder: 'reoffer',
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields)).toEqual(['remainder']);
  });

  it('takes a partial pickup on the phone form, the rest shown in another feed', async () => {
    const w = await world();
    const { id, code } = await claimed(w);
    const a = await signedIn(w.app, w.near.user.email);
    const big = await a.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: '5',
      temperatureC: '4',
      quality: 'good',
      remainder: 'reoffer',
    });
    expect(big.status).toBe(422);
    expect(await big.text()).toContain('inférieure à la quantité du don');
    const ok = await a.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: '3,5',
      temperatureC: '4',
      quality: 'good',
      remainder: 'reoffer',
    });
    expect(ok.status).toBe(303);
    const o = await signedIn(w.app, w.other.user.email);
    expect(await (await o.get('/feed')).text()).toContain('40 yaourts nature');
  });
});
