import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { raw } from './raw-call.js';
import { expectApiError, strictApp, useNoServerErrors } from './strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

const association = {
  kind: 'association',
  name: 'Banque alimentaire du Rhône',
  address: '8 rue Hrant Dink',
  town: 'Lyon',
  postcode: '69002',
  lat: 45.7485,
  lng: 4.826,
  approved: true,
  radiusKm: 12.5,
  acceptedCategories: ['bakery', 'fruit_vegetables', 'dry_goods'],
  storage: { chilled: true, frozen: false },
  minKg: 5,
  maxKg: 400,
};

describe('POST /organisations', () => {
  it('the admin creates an association with its extras (201)', async () => {
    const { app } = strictApp(t.db);
    const admin = await createUser(t.db, { isAdmin: true });
    const api = await apiAs(app, admin.email, PASSWORD);
    const res = await api.post('/organisations', association);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(association);
    expect(res.body.id).toEqual(expect.any(Number));
    const got = await api.get(`/organisations/${res.body.id}`);
    expect(got.body).toMatchObject(association);

    // defaults: an association waits for approval, a shop does not; absent categories = all
    const waiting = await api.post('/organisations', {
      kind: 'association',
      name: 'Petite asso',
      lat: 45.75,
      lng: 4.85,
    });
    expect(waiting.status).toBe(201);
    expect(waiting.body).toMatchObject({
      approved: false,
      acceptedCategories: null,
      storage: { chilled: false, frozen: false },
    });
    const shop = await api.post('/organisations', {
      kind: 'shop',
      name: 'Carrefour City',
      lat: 45.75,
      lng: 4.85,
    });
    expect(shop.body).toMatchObject({ kind: 'shop', approved: true });
    for (const kind of ['producer_org', 'territory'])
      expect(
        (await api.post('/organisations', { kind, name: `A ${kind}`, lat: 45, lng: 4 })).status,
      ).toBe(201);
  });

  it('403 for anyone else', async () => {
    const { app } = strictApp(t.db);
    const { user } = await createOrgWithUser(t.db, 'territory');
    const api = await apiAs(app, user.email, PASSWORD);
    const res = await api.post('/organisations', association);
    expect(res.status).toBe(403);
    expectApiError(res.body, 'forbidden');
  });

  it.each([
    [{ lat: 'x' }, ['lat']],
    [{ lat: 91, lng: -181 }, ['lat', 'lng']],
    [{ lat: null }, ['lat']],
    [{ name: 123 }, ['name']],
    [{ name: '' }, ['name']],
    [{ name: 'n'.repeat(60_000) }, ['name']], // under the 64 KB body limit (a larger body is a 413)
    [{ address: 'a'.repeat(1000), town: ['Lyon'] }, ['address', 'town']],
    [{ kind: 'castle' }, ['kind']],
    [{ kind: undefined }, ['kind']],
    [{ acceptedCategories: ['caviar'] }, ['acceptedCategories.0']],
    [{ acceptedCategories: 'bakery' }, ['acceptedCategories']],
    [{ storage: { chilled: 'yes', frozen: false } }, ['storage.chilled']],
    [{ storage: true }, ['storage']],
    [{ approved: 'true' }, ['approved']],
    [{ radiusKm: -1 }, ['radiusKm']],
    [{ radiusKm: '10' }, ['radiusKm']],
    [{ minKg: -5 }, ['minKg']],
    [{ minKg: 50, maxKg: 10 }, ['maxKg']],
    [{ maxKg: 1e12 }, ['maxKg']],
    [{ pickupFrom: '25:99' }, ['pickupFrom']],
    [{ pickupFrom: '18:00', pickupUntil: '08:00' }, ['pickupUntil']],
    [{ pickupDays: [0, 8] }, ['pickupDays.0']],
  ])('422 with fields for %j', async (over, fields) => {
    const { app } = strictApp(t.db);
    const admin = await createUser(t.db, { isAdmin: true });
    const api = await apiAs(app, admin.email, PASSWORD);
    const name = `Invalid ${Math.random().toString(36).slice(2, 8)}`;
    const res = await api.post('/organisations', { ...association, name, ...over });
    expect(res.status).toBe(422);
    expectApiError(res.body, 'invalid_input', fields);
    expect(
      await t.db.selectFrom('organisations').select('id').where('name', '=', name).execute(),
    ).toEqual([]);
  });

  it('400 invalid_json for unreadable JSON or a body that is not an object', async () => {
    const { app } = strictApp(t.db);
    const admin = await createUser(t.db, { isAdmin: true });
    const api = await apiAs(app, admin.email, PASSWORD);
    for (const body of [
      '{"kind":"shop",',
      '[{"kind":"shop","name":"x","lat":1,"lng":1}]',
      '[]',
      'null',
      'true',
      '"shop"',
      '',
    ]) {
      const res = await raw(app, 'POST', '/organisations', { token: `Bearer ${api.token}`, body });
      expect(res.status, body).toBe(400);
      expectApiError(res.body, 'invalid_json');
    }
    // a form instead of JSON
    const form = await raw(app, 'POST', '/organisations', {
      token: `Bearer ${api.token}`,
      body: 'kind=shop&name=x',
      type: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(400);
    expectApiError(form.body, 'invalid_json');
  });
});

describe('PATCH /organisations/:id', () => {
  it('a manager updates their organisation; other, unknown and malformed ids are 404', async () => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'association', { max_kg: 100 });
    const { org: other } = await createOrgWithUser(t.db, 'association');
    const api = await apiAs(app, user.email, PASSWORD);
    const res = await api.patch(`/organisations/${org.id}`, {
      radiusKm: 8,
      acceptedCategories: ['dairy'],
      storage: { chilled: true, frozen: true },
      sameDayCapacity: true,
      minKg: 3,
      pickupDays: [5, 1, 1],
      pickupFrom: '09:00',
      pickupUntil: '11:00',
      kind: 'shop', // not changeable: ignored
      id: other.id, // ignored
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: org.id,
      kind: 'association',
      radiusKm: 8,
      acceptedCategories: ['dairy'],
      storage: { chilled: true, frozen: true },
      sameDayCapacity: true,
      minKg: 3,
      maxKg: 100,
      pickupDays: [1, 5],
      pickupFrom: '09:00',
      pickupUntil: '11:00',
    });
    // min above the stored max: refused on the stored value too
    const crossed = await api.patch(`/organisations/${org.id}`, { minKg: 150 });
    expect(crossed.status).toBe(422);
    expectApiError(crossed.body, 'invalid_input', ['maxKg']);
    expect((await api.get(`/organisations/${org.id}`)).body.minKg).toBe(3);
    // null clears
    expect(
      (await api.patch(`/organisations/${org.id}`, { acceptedCategories: null, maxKg: null })).body,
    ).toMatchObject({ acceptedCategories: null, maxKg: null });
    // an empty patch changes nothing
    expect((await api.patch(`/organisations/${org.id}`, {})).status).toBe(200);

    for (const id of [
      other.id,
      999_999,
      'abc',
      '0',
      '-3',
      '1.5',
      '2147483648',
      '1e2',
      '%20',
      '9'.repeat(30),
    ]) {
      for (const call of [
        () => api.patch(`/organisations/${id}`, { name: 'Hijack' }),
        () => api.get(`/organisations/${id}`),
      ]) {
        const r = await call();
        expect(r.status, String(id)).toBe(404);
        expectApiError(r.body, 'not_found');
      }
    }
    const untouched = await t.db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', other.id)
      .executeTakeFirstOrThrow();
    expect(untouched.name).toBe(other.name);
  });

  it('422 for wrong types, 400 for unreadable JSON, on a PATCH too', async () => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'shop');
    const api = await apiAs(app, user.email, PASSWORD);
    const bad = await api.patch(`/organisations/${org.id}`, {
      name: 7,
      lat: 'north',
      phone: 'p'.repeat(31),
    });
    expect(bad.status).toBe(422);
    expectApiError(bad.body, 'invalid_input', ['name', 'lat', 'phone']);
    const broken = await api.patch(`/organisations/${org.id}`, '{"name":');
    expect(broken.status).toBe(400);
    expectApiError(broken.body, 'invalid_json');
    expect((await api.patch(`/organisations/${org.id}`, '[]')).status).toBe(400);
  });
});
