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

const form = {
  category: 'bakery',
  description: 'pain',
  quantityKg: '8',
  storage: 'ambient',
  weekdays: ['1', '2', '3', '4', '5', '6', '7'],
  pickupFromTime: '19:00',
  pickupUntilTime: '19:30',
  startsOn: '2026-11-27',
  leadHours: '48',
};

let places = 0;
async function world() {
  const { app, clock } = buildApp(t.db); // 2026-11-27T09:00 Paris
  const lng = 4.83 + ++places * 0.5;
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  const other = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  const near = await createOrgWithUser(t.db, 'association', { lat: 45.77, lng, radius_km: 3 });
  const client = await signedIn(app, shop.user.email);
  expect((await client.post('/series', form)).status).toBe(303);
  const s = await t.db
    .selectFrom('donation_series')
    .selectAll()
    .where('shop_id', '=', shop.org.id)
    .executeTakeFirstOrThrow();
  return {
    clock,
    s,
    client,
    otherClient: await signedIn(app, other.user.email),
    nearApi: await apiAs(app, near.user.email, PASSWORD),
  };
}

const occurrences = (seriesId: number) =>
  t.db
    .selectFrom('donations')
    .selectAll()
    .where('series_id', '=', seriesId)
    .orderBy('pickup_from')
    .execute();

describe('changing a regular donation on the page, without JavaScript', () => {
  it('moves only the unclaimed dates to come; a claimed one stays as it was joined', async () => {
    const w = await world();
    const html = await (await w.client.get('/series')).text();
    expect(html).toContain(`href="/series/${w.s.id}/edit"`);
    const edit = await (await w.client.get(`/series/${w.s.id}/edit`)).text();
    expect(edit).toContain('value="pain"');
    expect(edit).toContain('value="48"');
    await makeDueOccurrences(t.db, w.clock.now()); // the 27th and the 28th
    const [d27, d28] = await occurrences(w.s.id);
    expect((await w.nearApi.post(`/donations/${d27.id}/claim`)).status).toBe(200);

    const res = await w.client.post(`/series/${w.s.id}`, {
      ...form,
      quantityKg: '10',
      pickupFromTime: '18:00',
      pickupUntilTime: '18:30',
    });
    expect(res.status).toBe(303);
    const [a, b] = await occurrences(w.s.id);
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
    const row = await t.db
      .selectFrom('donation_series')
      .selectAll()
      .where('id', '=', w.s.id)
      .executeTakeFirstOrThrow();
    expect([Number(row.quantity_kg), row.pickup_from_time]).toEqual([10, '18:00']);
    expect(await (await w.client.get('/series')).text()).toContain('18:00 - 18:30, environ 10 kg');
  });

  it('bad input keeps what was typed, says why beside the field, and saves nothing', async () => {
    const w = await world();
    const bad = await w.client.post(`/series/${w.s.id}`, {
      ...form,
      quantityKg: 'beaucoup',
      description: 'pain et viennoiseries',
      weekdays: [],
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="f-quantityKg-err"');
    expect(html).toContain('value="beaucoup"');
    expect(html).toContain('value="pain et viennoiseries"');
    expect(html).toContain('Choisissez au moins un jour.');
    const late = await w.client.post(`/series/${w.s.id}`, { ...form, pickupUntilTime: '18:00' });
    expect(late.status).toBe(422);
    expect(await late.text()).toContain('id="f-pickupUntilTime-err"');
    const row = await t.db
      .selectFrom('donation_series')
      .selectAll()
      .where('id', '=', w.s.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual(w.s);
    // another shop cannot see nor change it
    expect((await w.otherClient.get(`/series/${w.s.id}/edit`)).status).toBe(404);
    expect((await w.otherClient.post(`/series/${w.s.id}`, form)).status).toBe(404);
    // an ended series is not changed any more: said on the page, not a 500
    expect((await w.client.post(`/series/${w.s.id}/end`, { confirmed: 'yes' })).status).toBe(303);
    const ended = await w.client.post(`/series/${w.s.id}`, { ...form, quantityKg: '3' });
    expect(ended.status).toBe(409);
    expect(await ended.text()).toContain('Ce don régulier est terminé.');
    const after = await t.db
      .selectFrom('donation_series')
      .select('quantity_kg')
      .where('id', '=', w.s.id)
      .executeTakeFirstOrThrow();
    expect(Number(after.quantity_kg)).toBe(8);
  });

  it('reopens a holiday range with one button; another shop cannot', async () => {
    const w = await world();
    const closed = await w.client.post('/series/closures', {
      closeFrom: '2026-11-28',
      closeUntil: '2026-12-27',
    });
    expect(closed.status).toBe(303);
    await makeDueOccurrences(t.db, w.clock.now()); // the 28th is closed: only the 27th
    const days = async () =>
      (await occurrences(w.s.id)).map((d) => d.pickup_from.toISOString().slice(0, 10));
    expect(await days()).toEqual(['2026-11-27']);
    const c = await t.db
      .selectFrom('shop_closures')
      .selectAll()
      .where('shop_id', '=', w.s.shop_id)
      .executeTakeFirstOrThrow();
    const html = await (await w.client.get('/series')).text();
    expect(html).toContain(`href="/series/closures/${c.id}/reopen"`);
    expect(
      (await w.otherClient.post(`/series/closures/${c.id}/reopen`, { confirmed: 'yes' })).status,
    ).toBe(404);
    expect((await w.otherClient.get(`/series/closures/${c.id}/reopen`)).status).toBe(404);
    expect(
      (await w.client.post(`/series/closures/${c.id}/reopen`, { confirmed: 'yes' })).status,
    ).toBe(303);
    const left = await t.db
      .selectFrom('shop_closures')
      .select('id')
      .where('shop_id', '=', w.s.shop_id)
      .execute();
    expect(left).toEqual([]);
    expect(await (await w.client.get('/series')).text()).not.toContain('Fermé du 28 novembre 2026');
    // reopened: the job makes the 28th after all
    await makeDueOccurrences(t.db, w.clock.now());
    expect(await days()).toEqual(['2026-11-27', '2026-11-28']);
  });
});
