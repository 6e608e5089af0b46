// Issue 19: a regular donation carries the quality marks (fresh, label, local) and every
// occurrence its job posts carries them; a change reaches only the unclaimed dates to come.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDueOccurrences } from '../../src/series/occurrences.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

let places = 0;
async function world() {
  const { app, clock } = buildApp(t.db); // 2026-11-27T09:00 Paris, a Friday
  const lng = 4.8344 + ++places * 0.5;
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  const near = await createOrgWithUser(t.db, 'association', { lat: 45.77, lng, radius_km: 3 });
  return {
    app,
    clock,
    shop,
    shopApi: await apiAs(app, shop.user.email, PASSWORD),
    nearApi: await apiAs(app, near.user.email, PASSWORD),
  };
}

const veg = (over: Record<string, unknown> = {}) => ({
  category: 'fruit_vegetables',
  description: 'cagette de légumes',
  quantityKg: 6,
  storage: 'ambient',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  pickupFromTime: '19:00',
  pickupUntilTime: '19:30',
  startsOn: '2026-11-27',
  leadMinutes: 48 * 60,
  ...over,
});

const marksOf = async (seriesId: number) =>
  (
    await t.db
      .selectFrom('donations')
      .select(['id', 'status', 'fresh_produce', 'quality_label', 'local_origin'])
      .select((eb) => eb.fn('to_char', [eb.ref('pickup_from'), eb.val('YYYY-MM-DD')]).as('day'))
      .where('series_id', '=', seriesId)
      .orderBy('pickup_from')
      .execute()
  ).map((d) => [d.day, d.status, d.fresh_produce, d.quality_label, d.local_origin]);

const seriesRow = (id: number) =>
  t.db
    .selectFrom('donation_series')
    .select(['fresh_produce', 'quality_label', 'local_origin'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('the quality marks of a regular donation, through the API', () => {
  it('are kept on the series, copied to every occurrence, and changed for the unclaimed ones to come', async () => {
    const w = await world();
    const bad = await w.shopApi.post('/donation-series', veg({ qualityLabel: 'bio' }));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields)).toEqual(['qualityLabel']);
    const made = await w.shopApi.post(
      '/donation-series',
      veg({ freshProduce: true, qualityLabel: 'organic', localOrigin: 'own_production' }),
    );
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      freshProduce: true,
      qualityLabel: 'organic',
      localOrigin: 'own_production',
    });
    const id = made.body.id as number;
    await makeDueOccurrences(t.db, w.clock.now()); // the 27th and the 28th
    expect(await marksOf(id)).toEqual([
      ['2026-11-27', 'open', true, 'organic', 'own_production'],
      ['2026-11-28', 'open', true, 'organic', 'own_production'],
    ]);
    const [d27] = (await w.shopApi.get('/donations')).body.items
      .filter((d: any) => d.seriesId === id)
      .sort((a: any, b: any) => a.id - b.id);
    expect(d27).toMatchObject({ freshProduce: true, qualityLabel: 'organic' });
    expect((await w.nearApi.post(`/donations/${d27.id}/claim`)).status).toBe(200);

    // the label changes, the origin is no longer said; fresh, left out, stays
    const patched = await w.shopApi.patch(`/donation-series/${id}`, {
      qualityLabel: 'label_rouge',
      localOrigin: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      freshProduce: true,
      qualityLabel: 'label_rouge',
      localOrigin: null,
    });
    expect(await seriesRow(id)).toEqual({
      fresh_produce: true,
      quality_label: 'label_rouge',
      local_origin: null,
    });
    await makeDueOccurrences(t.db, new Date('2026-11-28T19:00:00Z')); // the 29th and the 30th
    expect(await marksOf(id)).toEqual([
      // claimed: as it was joined
      ['2026-11-27', 'claimed', true, 'organic', 'own_production'],
      ['2026-11-28', 'open', true, 'label_rouge', null],
      ['2026-11-29', 'open', true, 'label_rouge', null],
      ['2026-11-30', 'open', true, 'label_rouge', null],
    ]);
  });

  it('are in the OpenAPI document under the donation’s names', async () => {
    const { app } = buildApp(t.db);
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    const body =
      doc.paths['/donation-series'].post.requestBody.content['application/json'].schema.properties;
    expect(body.qualityLabel.enum).toEqual(['organic', 'label_rouge', 'aop_igp', null]);
    expect(body.freshProduce.type).toBe('boolean');
    expect(body.localOrigin.enum).toEqual(['own_production', 'within_100km', null]);
  });
});

describe('the quality marks of a regular donation, on the page', () => {
  const form = {
    category: 'fruit_vegetables',
    description: 'légumes',
    quantityKg: '6',
    storage: 'ambient',
    weekdays: ['1', '2', '3', '4', '5', '6', '7'],
    pickupFromTime: '19:00',
    pickupUntilTime: '19:30',
    startsOn: '2026-11-27',
    leadHours: '48',
  };

  it('are tapped on the form, shown again to change, and follow the change', async () => {
    const w = await world();
    const client = await signedIn(w.app, w.shop.user.email);
    const page = await (await client.get('/series')).text();
    expect(page).toContain('name="freshProduce"');
    expect(page).toContain('name="qualityLabel" value="aop_igp"');
    const bad = await client.post('/series', { ...form, localOrigin: 'far' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/class="has-error" id="f-localOrigin"/);
    const res = await client.post('/series', {
      ...form,
      freshProduce: 'on',
      qualityLabel: 'aop_igp',
      localOrigin: 'within_100km',
    });
    expect(res.status).toBe(303);
    const s = await t.db
      .selectFrom('donation_series')
      .select('id')
      .where('shop_id', '=', w.shop.org.id)
      .executeTakeFirstOrThrow();
    expect(await seriesRow(s.id)).toEqual({
      fresh_produce: true,
      quality_label: 'aop_igp',
      local_origin: 'within_100km',
    });
    await makeDueOccurrences(t.db, w.clock.now());
    expect((await marksOf(s.id)).map((m) => m.slice(2))).toEqual([
      [true, 'aop_igp', 'within_100km'],
      [true, 'aop_igp', 'within_100km'],
    ]);
    const edit = await (await client.get(`/series/${s.id}/edit`)).text();
    expect(edit).toMatch(/name="freshProduce" checked/);
    expect(edit).toContain('name="qualityLabel" value="aop_igp" checked');
    // unticked on the page: no longer fresh, no label
    const changed = await client.post(`/series/${s.id}`, {
      ...form,
      qualityLabel: '',
      localOrigin: 'within_100km',
    });
    expect(changed.status).toBe(303);
    expect((await marksOf(s.id)).map((m) => m.slice(2))).toEqual([
      [false, null, 'within_100km'],
      [false, null, 'within_100km'],
    ]);
  });
});
