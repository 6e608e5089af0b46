import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Geocoder } from '../../src/places/geocoder.js';
import { apiAs, buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { expectApiError, strictApp, useNoServerErrors } from '../api/strict-app.js';
import { startGeocoderServer, type GeocoderServer } from './geocoder-server.js';

let t: TestDatabase;
let server: GeocoderServer;
beforeAll(async () => {
  t = await openTestDatabase();
  server = await startGeocoderServer({ slowMs: 2000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});
useNoServerErrors();

const geocoder = (url = server.url) => new Geocoder({ url, timeoutMs: 500 });
async function adminApi(app: ReturnType<typeof buildApp>['app']) {
  const admin = await createUser(t.db, { isAdmin: true });
  return apiAs(app, admin.email, PASSWORD);
}
const stored = (name: string) =>
  t.db
    .selectFrom('organisations')
    .select(['lat', 'lng', 'citycode', 'address_label', 'postcode', 'town', 'address'])
    .where('name', '=', name)
    .execute();
const unique = (s: string) => `${s} ${Math.random().toString(36).slice(2, 8)}`;

describe('POST /api/v1/organisations with an address and no coordinates', () => {
  it('is looked up: coordinates, INSEE code, label, postcode and town come from the service', async () => {
    const { app } = strictApp(t.db, { geocoder: geocoder() });
    const api = await adminApi(app);
    const name = unique('Boulangerie de Soyaux');
    const res = await api.post('/organisations', {
      kind: 'shop',
      name,
      address: '45 avenue du Général de Gaulle',
      town: 'Soyaux',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name,
      address: '45 avenue du Général de Gaulle',
      lat: 45.640587,
      lng: 0.198822,
      citycode: '16374',
      addressLabel: '45 Avenue du Général de Gaulle 16800 Soyaux',
      postcode: '16800',
      town: 'Soyaux',
    });
    expect((await api.get(`/organisations/${res.body.id}`)).body).toMatchObject({
      citycode: '16374',
      addressLabel: '45 Avenue du Général de Gaulle 16800 Soyaux',
    });
    expect(await stored(name)).toEqual([
      {
        lat: 45.640587,
        lng: 0.198822,
        citycode: '16374',
        address_label: '45 Avenue du Général de Gaulle 16800 Soyaux',
        postcode: '16800',
        town: 'Soyaux',
        address: '45 avenue du Général de Gaulle',
      },
    ]);
    // a full address is asked as one, not as the start of one being typed
    expect(server.requests.at(-1)!.params.get('autocomplete')).toBe('0');
    for (const [address, postcode, town, citycode] of [
      ["1 place de l'Hôtel de Ville", '16000', 'Angoulême', '16015'],
      ['12 rue de la Libération', '16400', 'La Couronne', '16113'],
      ['8 rue Hrant Dink', '69002', 'Lyon', '69382'],
    ]) {
      const r = await api.post('/organisations', {
        kind: 'association',
        name: unique(town),
        address,
        postcode,
        town,
      });
      expect(r.status, address).toBe(201);
      expect(r.body.citycode, address).toBe(citycode);
    }
  });

  it.each([
    ['an address the service does not know', '3 impasse introuvable'],
    ['an address it only guesses at (low score)', 'vaguement par là'],
  ])('%s: 422 with fields.address, nothing saved', async (_, address) => {
    const { app } = strictApp(t.db, { geocoder: geocoder() });
    const api = await adminApi(app);
    const name = unique('Nowhere');
    const res = await api.post('/organisations', { kind: 'shop', name, address });
    expect(res.status).toBe(422);
    expectApiError(res.body, 'invalid_input', ['address']);
    expect(res.body.error.fields.address).toMatch(/cannot find this address/);
    expect(await stored(name)).toEqual([]);
  });

  it('the service unreachable (429, 500, too slow, nobody there): 503 geocoder_unavailable, nothing saved', async () => {
    for (const [url, address] of [
      [server.url, '1 rue trop-de-requetes'],
      [server.url, '1 rue en panne'],
      [server.url, '1 rue du lent'],
      ['http://127.0.0.1:9/geocodage', '20 place Bellecour'],
    ]) {
      const { app } = buildApp(t.db, { geocoder: geocoder(url) });
      const api = await adminApi(app);
      const name = unique('Unplaced');
      const res = await api.post('/organisations', { kind: 'shop', name, address });
      expect(res.status, address).toBe(503);
      expectApiError(res.body, 'geocoder_unavailable');
      expect(await stored(name)).toEqual([]);
    }
  });

  it('coordinates given are taken as they are, the service not asked; an INSEE code may come with them', async () => {
    const { app } = strictApp(t.db, { geocoder: geocoder() });
    const api = await adminApi(app);
    const before = server.requests.length;
    const res = await api.post('/organisations', {
      kind: 'shop',
      name: unique('By hand'),
      address: '3 impasse introuvable',
      lat: 41.9264,
      lng: 8.7369,
      citycode: '2a004',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      lat: 41.9264,
      lng: 8.7369,
      citycode: '2A004',
      addressLabel: null,
      address: '3 impasse introuvable',
    });
    expect(server.requests.length).toBe(before);
  });

  it.each([
    [{ citycode: '99999' }, ['citycode']],
    [{ citycode: '20123' }, ['citycode']],
    [{ citycode: '2C004' }, ['citycode']],
    [{ citycode: '16000' }, ['citycode']],
    [{ citycode: 'ABCDE' }, ['citycode']],
    [{ citycode: '1637' }, ['citycode']],
    [{ citycode: 16374 }, ['citycode']],
    [{ lat: 91, lng: 4 }, ['lat']],
    [{ lat: 45, lng: 181 }, ['lng']],
    [{ lat: 45, lng: undefined }, ['lng']],
    [{ lat: undefined, lng: undefined, address: undefined }, ['lat', 'lng']],
    [{ lat: undefined, lng: undefined, address: 'a'.repeat(201) }, ['address']],
    [{ lat: undefined, lng: undefined, address: 'rue\u0000de Lyon' }, ['address']],
  ])('422 with fields for %j, the service not asked, nothing saved', async (over, fields) => {
    const { app } = strictApp(t.db, { geocoder: geocoder() });
    const api = await adminApi(app);
    const name = unique('Invalid');
    const before = server.requests.length;
    const res = await api.post('/organisations', {
      kind: 'shop',
      name,
      address: '20 place Bellecour',
      lat: 45.75,
      lng: 4.83,
      ...over,
    });
    expect(res.status).toBe(422);
    expectApiError(res.body, 'invalid_input', fields);
    expect(server.requests.length).toBe(before);
    expect(await stored(name)).toEqual([]);
  });

  it('without an address service configured, an address alone is not enough (coordinates needed, as before)', async () => {
    const { app } = strictApp(t.db);
    const api = await adminApi(app);
    const res = await api.post('/organisations', {
      kind: 'shop',
      name: unique('No service'),
      address: '20 place Bellecour',
    });
    expect(res.status).toBe(422);
    expectApiError(res.body, 'invalid_input', ['lat', 'lng']);
  });
});

describe('PATCH /api/v1/organisations/:id and its place', () => {
  it('a new address is looked up; coordinates moved by hand make the label and INSEE code stale; sent again unchanged, they keep them', async () => {
    const { app } = strictApp(t.db, { geocoder: geocoder() });
    const { org, user } = await createOrgWithUser(t.db, 'shop', { lat: 45.75, lng: 4.85 });
    const api = await apiAs(app, user.email, PASSWORD);
    const moved = await api.patch(`/organisations/${org.id}`, {
      address: '12 rue de la Libération',
      town: 'La Couronne',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      lat: 45.610634,
      lng: 0.099712,
      citycode: '16113',
      addressLabel: '12 Rue de la Libération 16400 La Couronne',
      postcode: '16400',
      town: 'La Couronne',
    });
    // the same coordinates again (a form saved as it was): nothing goes stale
    const same = await api.patch(`/organisations/${org.id}`, {
      lat: 45.610634,
      lng: 0.099712,
      phone: '05 45 00 00 00',
    });
    expect(same.body).toMatchObject({ citycode: '16113', addressLabel: expect.any(String) });
    const byHand = await api.patch(`/organisations/${org.id}`, { lat: 45.6115, lng: 0.1012 });
    expect(byHand.body).toMatchObject({
      lat: 45.6115,
      lng: 0.1012,
      citycode: null,
      addressLabel: null,
      town: 'La Couronne',
    });
    const withCode = await api.patch(`/organisations/${org.id}`, {
      lat: 45.6116,
      citycode: '16113',
    });
    expect(withCode.body).toMatchObject({ lat: 45.6116, citycode: '16113' });
  });

  it('an unknown address (422 fields.address) or the service unreachable (503) changes nothing', async () => {
    const { org, user } = await createOrgWithUser(t.db, 'shop', { lat: 45.75, lng: 4.85 });
    const strict = strictApp(t.db, { geocoder: geocoder() }).app;
    const unknown = await (
      await apiAs(strict, user.email, PASSWORD)
    ).patch(`/organisations/${org.id}`, { address: '3 impasse introuvable', name: 'Renamed' });
    expect(unknown.status).toBe(422);
    expectApiError(unknown.body, 'invalid_input', ['address']);
    const down = buildApp(t.db, { geocoder: geocoder('http://127.0.0.1:9/geocodage') }).app;
    const away = await (
      await apiAs(down, user.email, PASSWORD)
    ).patch(`/organisations/${org.id}`, { address: '20 place Bellecour', name: 'Renamed' });
    expect(away.status).toBe(503);
    expectApiError(away.body, 'geocoder_unavailable');
    const row = await t.db
      .selectFrom('organisations')
      .select(['name', 'lat', 'lng', 'address', 'citycode'])
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: org.name, lat: 45.75, lng: 4.85, citycode: null });
  });

  it('someone who may not change it is refused before the service is asked', async () => {
    const { app } = strictApp(t.db, { geocoder: geocoder() });
    const { org } = await createOrgWithUser(t.db, 'shop');
    const { user } = await createOrgWithUser(t.db, 'shop', {}, 'member');
    const api = await apiAs(app, user.email, PASSWORD);
    const before = server.requests.length;
    const res = await api.patch(`/organisations/${org.id}`, { address: '20 place Bellecour' });
    expect(res.status).toBe(404);
    expect(server.requests.length).toBe(before);
  });
});

describe('the OpenAPI document', () => {
  it('describes the organisation place fields and the 503', async () => {
    const { app } = strictApp(t.db);
    const doc = (await (await adminApi(app)).get('/openapi.json')).body;
    expect(Object.keys(doc.components.schemas.Organisation.properties)).toEqual(
      expect.arrayContaining(['address', 'postcode', 'town', 'citycode', 'addressLabel']),
    );
    expect(doc.paths['/organisations'].post.responses['503']).toBeDefined();
    expect(doc.paths['/organisations/{id}'].patch.responses['503']).toBeDefined();
  });
});
