import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as words } from '../../src/i18n/index.js';
import { makeDueOccurrences } from '../../src/series/occurrences.js';
import { apiAs, buildApp } from '../helpers/app.js';
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
  const otherShop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  const near = await createOrgWithUser(t.db, 'association', { lat: 45.77, lng, radius_km: 3 });
  return {
    app,
    clock,
    shop,
    shopApi: await apiAs(app, shop.user.email, PASSWORD),
    otherShopApi: await apiAs(app, otherShop.user.email, PASSWORD),
    nearApi: await apiAs(app, near.user.email, PASSWORD),
  };
}

const bread = (over: Record<string, unknown> = {}) => ({
  category: 'bakery',
  description: 'environ 8 kg de pain',
  quantityKg: 8,
  storage: 'ambient',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  pickupFromTime: '19:00',
  pickupUntilTime: '19:30',
  startsOn: '2026-11-27',
  leadMinutes: 48 * 60,
  ...over,
});

const occurrences = async (seriesId: number) =>
  t.db
    .selectFrom('donations')
    .selectAll()
    .where('series_id', '=', seriesId)
    .orderBy('pickup_from')
    .execute();

describe('POST /api/v1/donation-series: bad input is a field message, nothing saved', () => {
  it.each([
    [{ weekdays: [0] }, 'weekdays.0', 'series.err.weekday'],
    [{ weekdays: [8] }, 'weekdays.0', 'series.err.weekday'],
    [{ weekdays: [] }, 'weekdays', 'series.err.weekdays'],
    [
      { pickupFromTime: '23:00', pickupUntilTime: '01:00' },
      'pickupUntilTime',
      'series.err.window_midnight',
    ],
    [{ pickupFromTime: '25:00' }, 'pickupFromTime', 'series.err.time'],
    [{ endsOn: '2026-11-20' }, 'endsOn', 'series.err.ends_before'],
    [{ startsOn: '2026-11-01' }, 'startsOn', 'series.err.starts_past'],
    [{ endsOn: '9999-12-31' }, 'endsOn', 'don.err.date_format'],
    [{ leadMinutes: 10_000 }, 'leadMinutes', 'series.err.lead'],
    [{ pickupUntilTime: '19:10' }, 'pickupUntilTime', 'don.err.window_short'],
    [{ category: 'frozen' }, 'storage', 'don.err.frozen_storage'],
    [
      { category: 'dairy', storage: 'chilled', dateKind: 'use_by', dateOffsetDays: 1 },
      'dateOffsetDays',
      'don.err.use_by_48h',
    ],
    [{ dateKind: 'best_before' }, 'dateOffsetDays', 'don.err.date_required'],
    [
      { weekdays: [2], startsOn: '2026-11-27', endsOn: '2026-11-28' },
      'weekdays',
      'series.err.no_date',
    ],
  ])('%j', async (over, field, key) => {
    const w = await world();
    const res = await w.shopApi.post('/donation-series', bread(over));
    expect(res.status).toBe(422);
    expect(res.body.error.fields[field]).toBe(words('en', key));
    expect((await w.shopApi.get('/donation-series')).body.items).toEqual([]);
  });

  it('a good one is made (the same with a use-by date 2 days after), an association may not', async () => {
    const w = await world();
    const res = await w.shopApi.post(
      '/donation-series',
      bread({ category: 'dairy', storage: 'chilled', dateKind: 'use_by', dateOffsetDays: 2 }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      dateOffsetDays: 2,
      endedAt: null,
    });
    expect((await w.nearApi.post('/donation-series', bread())).status).toBe(403);
  });
});

describe('a series lived through: claimed dates never move', () => {
  it('edits change only the unclaimed dates to come; skips, end and history', async () => {
    const w = await world();
    const id = (await w.shopApi.post('/donation-series', bread())).body.id as number;
    // the 27th and the 28th are due (48 h ahead)
    await makeDueOccurrences(t.db, w.clock.now());
    const [d27, d28] = await occurrences(id);
    expect((await w.shopApi.get(`/donations/${d27.id}`)).body.seriesId).toBe(id);
    expect((await w.nearApi.post(`/donations/${d27.id}/claim`)).status).toBe(200);

    const patched = await w.shopApi.patch(`/donation-series/${id}`, {
      quantityKg: 10,
      pickupFromTime: '18:00',
      pickupUntilTime: '18:30',
    });
    expect(patched.status).toBe(200);
    const [a, b] = await occurrences(id);
    // the claimed one is as it was joined; the open one follows
    expect([a.id, Number(a.quantity_kg), a.pickup_from.toISOString()]).toEqual([
      d27.id,
      8,
      '2026-11-27T18:00:00.000Z',
    ]);
    expect([b.id, Number(b.quantity_kg), b.pickup_from.toISOString()]).toEqual([
      d28.id,
      10,
      '2026-11-28T17:00:00.000Z',
    ]);

    // another shop sees nothing of it
    expect((await w.otherShopApi.patch(`/donation-series/${id}`, { quantityKg: 1 })).status).toBe(
      404,
    );
    expect(
      (await w.otherShopApi.post(`/donation-series/${id}/skips`, { date: '2026-11-29' })).status,
    ).toBe(404);
    expect((await w.otherShopApi.delete(`/donation-series/${id}`)).status).toBe(404);
    expect((await w.otherShopApi.get('/donation-series')).body.items).toEqual([]);

    // skipping: the posted open one is withdrawn, a claimed one cannot be, a future one makes none
    const s28 = await w.shopApi.post(`/donation-series/${id}/skips`, { date: '2026-11-28' });
    expect(s28.status).toBe(201);
    expect(s28.body.cancelledDonationIds).toEqual([d28.id]);
    expect(
      (await w.shopApi.post(`/donation-series/${id}/skips`, { date: '2026-11-27' })).status,
    ).toBe(409);
    expect(
      (await w.shopApi.post(`/donation-series/${id}/skips`, { date: '2026-11-29' })).status,
    ).toBe(201);
    expect(
      (await w.shopApi.post(`/donation-series/${id}/skips`, { date: '2026-11-26' })).status,
    ).toBe(422);
    expect(
      (await w.shopApi.post(`/donation-series/${id}/skips`, { date: '2026-13-01' })).status,
    ).toBe(422);
    await makeDueOccurrences(t.db, new Date('2026-11-28T19:00:00Z'));
    const days = (await occurrences(id)).map((d) => [
      d.pickup_from.toISOString().slice(0, 10),
      d.status,
    ]);
    expect(days).toEqual([
      ['2026-11-27', 'claimed'],
      ['2026-11-28', 'cancelled'],
      ['2026-11-30', 'open'],
    ]);

    // ending it: the open one to come is withdrawn, the claimed one and the history stay
    expect((await w.shopApi.delete(`/donation-series/${id}`)).status).toBe(204);
    const after = await occurrences(id);
    expect(after.map((d) => d.status)).toEqual(['claimed', 'cancelled', 'cancelled']);
    const [listed] = (await w.shopApi.get('/donation-series')).body.items;
    expect(listed.id).toBe(id);
    expect(listed.endedAt).not.toBeNull();
    await makeDueOccurrences(t.db, new Date('2026-12-01T12:00:00Z'));
    expect(await occurrences(id)).toHaveLength(3);
    expect((await w.shopApi.patch(`/donation-series/${id}`, { quantityKg: 3 })).status).toBe(409);
  });

  it('holidays: the shop closes a range; open ones there withdrawn, claimed ones kept', async () => {
    const w = await world();
    const one = (await w.shopApi.post('/donation-series', bread())).body.id as number;
    const two = (await w.shopApi.post('/donation-series', bread({ description: 'viennoiseries' })))
      .body.id as number;
    await makeDueOccurrences(t.db, w.clock.now());
    const [a27, a28] = await occurrences(one);
    const [b27, b28] = await occurrences(two);
    await w.nearApi.post(`/donations/${a27.id}/claim`);

    const bad = await w.shopApi.post('/shop-closures', {
      startsOn: '2026-12-05',
      endsOn: '2026-12-01',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.endsOn).toBe(words('en', 'series.err.ends_before'));

    const res = await w.shopApi.post('/shop-closures', {
      startsOn: '2026-11-27',
      endsOn: '2026-12-02',
    });
    expect(res.status).toBe(201);
    expect(res.body.cancelledDonationIds.sort()).toEqual([a28.id, b27.id, b28.id].sort());
    expect(res.body.claimed).toBe(1);
    for (let d = 29; d <= 30; d++)
      await makeDueOccurrences(t.db, new Date(`2026-11-${d}T12:00:00Z`));
    await makeDueOccurrences(t.db, new Date('2026-12-02T12:00:00Z'));
    const days = (await occurrences(one)).map((d) => d.pickup_from.toISOString().slice(0, 10));
    // nothing from the 29th to the 2nd; the 3rd is made 48 h ahead, the 4th not yet
    expect(days).toEqual(['2026-11-27', '2026-11-28', '2026-12-03']);
    expect((await w.shopApi.get('/shop-closures')).body.items).toHaveLength(1);
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('describes the regular donations and the seriesId of an occurrence', async () => {
    const { app } = buildApp(t.db);
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths['/donation-series']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/donation-series/{id}']).sort()).toEqual(['delete', 'patch']);
    expect(doc.paths['/donation-series/{id}/skips'].post).toBeDefined();
    expect(doc.components.schemas.Donation.properties.seriesId).toBeDefined();
  });
});
