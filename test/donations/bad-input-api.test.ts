import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp, type ApiClient } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
let shopApi: ApiClient;
let assocApi: ApiClient;
let shopId: number;
let app: ReturnType<typeof buildApp>['app'];
beforeAll(async () => {
  t = await openTestDatabase();
  app = buildApp(t.db).app;
  const shop = await createOrgWithUser(t.db, 'shop');
  shopId = shop.org.id;
  shopApi = await apiAs(app, shop.user.email, PASSWORD);
  const assoc = await createOrgWithUser(t.db, 'association', {
    storage_chilled: true,
    storage_frozen: true,
  });
  assocApi = await apiAs(app, assoc.user.email, PASSWORD);
});
afterAll(async () => t?.close());

const at = (h: number) =>
  new Date(Date.parse('2026-11-27T08:00:00Z') + h * 3_600_000).toISOString();
const valid = {
  category: 'bakery',
  description: 'pain',
  quantityKg: 3,
  storage: 'ambient',
  pickupFrom: at(1),
  pickupUntil: at(3),
};
const count = async () =>
  (await t.db.selectFrom('donations').select('id').where('shop_id', '=', shopId).execute()).length;

describe('posting bad values through the API', () => {
  const cases: [string, unknown][] = [];
  for (const field of Object.keys(valid)) cases.push([field, undefined]);
  cases.push(
    ['quantityKg', '3'],
    ['quantityKg', -1],
    ['quantityKg', 0],
    ['quantityKg', 1e12],
    ['quantityKg', null],
    ['description', 42],
    ['description', 'x'.repeat(10_000)],
    ['category', 'caviar'],
    ['storage', ['ambient']],
    ['pickupFrom', 'tomorrow'],
    ['pickupFrom', '2026-11-27T10:00:00'], // no offset
    ['pickupFrom', at(-5)],
    ['pickupUntil', at(0.5)], // reversed
    ['pickupUntil', at(24 * 9)],
    ['dateKind', 'eat_soon'],
    ['date', '27/11/2026'],
    ['packaged', 'yes'],
    ['valueEur', -3],
    ['units', 2.5],
  );
  it.each(cases)('%s = %j: 422 with the field named, nothing saved', async (field, value) => {
    const before = await count();
    const body: Record<string, unknown> = { ...valid, [field]: value };
    if (value === undefined) delete body[field];
    const res = await shopApi.post('/donations', body);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_input');
    expect(Object.keys(res.body.error.fields)).toContain(field);
    expect(typeof res.body.error.message).toBe('string');
    expect(await count()).toBe(before);
  });

  it('names each broken rule with its own field and English message', async () => {
    const res = await shopApi.post('/donations', {
      ...valid,
      category: 'meat_fish',
      storage: 'chilled',
      packaged: false,
      dateKind: 'use_by',
      date: '2026-11-28',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({
      packaged: 'Loose (unpackaged) meat and fish cannot be given.',
      date: 'Use-by food must keep at least 48 h after the end of the window (unless for same-day distribution).',
    });
  });

  it('400 for unreadable JSON, 401 without a token, 403 for an association posting', async () => {
    expect((await shopApi.call('POST', '/donations', '{"category":')).status).toBe(400);
    const anon = await app.request('http://localhost/api/v1/donations', {
      method: 'POST',
      body: JSON.stringify(valid),
      headers: { 'content-type': 'application/json' },
    });
    expect(anon.status).toBe(401);
    expect((await assocApi.post('/donations', valid)).status).toBe(403);
  });

  it('pickup input: wrong types and missing reasons are 422, unknown and foreign ids 404', async () => {
    const id = (
      await shopApi.post('/donations', { ...valid, storage: 'frozen', category: 'frozen' })
    ).body.id;
    expect((await assocApi.post(`/donations/${id}/claim`)).status).toBe(200);
    const code = (await shopApi.get(`/donations/${id}`)).body.handoverCode;
    for (const [body, field] of [
      [
        { handoverCode: code, receivedKg: 'lots', quality: 'good', temperatureC: -20 },
        'receivedKg',
      ],
      [{ handoverCode: code, receivedKg: 3, quality: 'great', temperatureC: -20 }, 'quality'],
      [{ handoverCode: code, receivedKg: 3, quality: 'good' }, 'temperatureC'],
      [{ handoverCode: code, receivedKg: 3, quality: 'poor', temperatureC: -20 }, 'issues'],
      [{ handoverCode: code, receivedKg: 3000, quality: 'good', temperatureC: -20 }, 'receivedKg'],
      [{ receivedKg: 3, quality: 'good', temperatureC: -20 }, 'handoverCode'],
    ] as const) {
      const res = await assocApi.post(`/donations/${id}/pickup`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    expect(
      (
        await assocApi.post('/donations/999999/pickup', {
          handoverCode: '1',
          receivedKg: 1,
          quality: 'good',
        })
      ).status,
    ).toBe(404);
    expect((await assocApi.post('/donations/abc/claim')).status).toBe(404);
    expect(
      (
        await shopApi.post(`/donations/${id}/pickup`, {
          handoverCode: code,
          receivedKg: 3,
          quality: 'good',
          temperatureC: -20,
        })
      ).status,
    ).toBe(404);
    const ok = await assocApi.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: 3,
      quality: 'good',
      temperatureC: -19.5,
    });
    expect(ok.body.status).toBe('picked_up');
    expect(
      (
        await assocApi.post(`/donations/${id}/pickup`, {
          handoverCode: code,
          receivedKg: 3,
          quality: 'good',
          temperatureC: -19.5,
        })
      ).status,
    ).toBe(409);
  });
});

describe('characters the database refuses', () => {
  it('a NUL in a description is a 422 on the API and is dropped from a form, never a 500', async () => {
    const res = await shopApi.post('/donations', { ...valid, description: 'pain\u0000' });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({
      description: 'This text contains a character that is not allowed.',
    });
  });
});
