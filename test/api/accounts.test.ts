import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, apiAs } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { expectApiError, strictApp, useNoServerErrors } from './strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

type App = ReturnType<typeof strictApp>['app'];

/** A raw API call; its X-Forwarded-For counts only in an app that trusts a proxy (TRUST_PROXY). */
async function raw(
  app: App,
  method: string,
  path: string,
  opts: { body?: string; token?: string; ip?: string; type?: string } = {},
) {
  const headers: Record<string, string> = {
    'content-type': opts.type ?? 'application/json',
    'x-forwarded-for': opts.ip ?? '198.51.100.1',
  };
  if (opts.token !== undefined) headers.authorization = opts.token;
  const res = await app.request(`http://localhost/api/v1${path}`, {
    method,
    headers,
    body: opts.body,
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, type: res.headers.get('content-type') };
}

let ipSeq = 0;
const freshIp = () => `203.0.113.${++ipSeq}`;

describe('POST /tokens', () => {
  it('gives a token for the right pair, 401 invalid_credentials otherwise, and 429 after 5 failures', async () => {
    const { app } = strictApp(t.db);
    const user = await createUser(t.db);
    const ip = freshIp();
    const ok = await raw(app, 'POST', '/tokens', {
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
      ip,
    });
    expect(ok.status).toBe(201);
    expect(Object.keys(ok.body).sort()).toEqual(['token', 'userId']);
    expect(ok.body.userId).toBe(user.id);
    expect(typeof ok.body.token).toBe('string');
    expect(ok.body.token.length).toBeGreaterThanOrEqual(32);
    // the token works, and is stored hashed
    expect(
      (await raw(app, 'GET', `/organisations/999999`, { token: `Bearer ${ok.body.token}` })).status,
    ).toBe(404);
    const stored = await t.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('user_id', '=', user.id)
      .execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(ok.body.token);

    for (const wrong of [
      { email: user.email, password: 'wrong-password' },
      { email: 'nobody@example.org', password: PASSWORD },
    ]) {
      const res = await raw(app, 'POST', '/tokens', { body: JSON.stringify(wrong), ip });
      expect(res.status).toBe(401);
      expectApiError(res.body, 'invalid_credentials');
    }
    for (let i = 0; i < 4; i++)
      expect(
        (
          await raw(app, 'POST', '/tokens', {
            body: JSON.stringify({ email: user.email, password: `bad-${i}` }),
            ip,
          })
        ).status,
      ).toBe(401);
    // 5 failures for this e-mail from this address: the 6th attempt is refused, even with the
    // right password (from another address it is not: test/security/sign-in-lockout.test.ts)
    const blocked = await raw(app, 'POST', '/tokens', {
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
      ip,
    });
    expect(blocked.status).toBe(429);
    expectApiError(blocked.body, 'too_many_attempts');
  });

  it('422 for missing or wrong-typed fields, 400 for unreadable JSON', async () => {
    const { app } = strictApp(t.db);
    const ip = freshIp();
    const missing = await raw(app, 'POST', '/tokens', { body: '{}', ip });
    expect(missing.status).toBe(422);
    expectApiError(missing.body, 'invalid_input', ['email', 'password']);
    const typed = await raw(app, 'POST', '/tokens', {
      body: JSON.stringify({ email: 42, password: ['x'] }),
      ip,
    });
    expect(typed.status).toBe(422);
    expectApiError(typed.body, 'invalid_input', ['email', 'password']);
    const long = await raw(app, 'POST', '/tokens', {
      body: JSON.stringify({ email: 'a'.repeat(10_000), password: 'b'.repeat(10_000) }),
      ip,
    });
    expect(long.status).toBe(422);
    for (const body of ['{email:', '', 'null', '[1,2]', '"text"', '42']) {
      const res = await raw(app, 'POST', '/tokens', { body, ip });
      expect(res.status, body).toBe(400);
      expectApiError(res.body, 'invalid_json');
    }
  });
});

describe('authentication of API calls', () => {
  it('401 with the error object for no token, a bad token, or another scheme', async () => {
    const { app } = strictApp(t.db);
    const { org } = await createOrgWithUser(t.db, 'shop');
    for (const token of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'Bearer nope',
      `Basic ${btoa('a:b')}`,
      'Bearer sl_' + 'a'.repeat(40),
    ]) {
      for (const [method, path, body] of [
        ['GET', `/organisations/${org.id}`, undefined],
        ['PATCH', `/organisations/${org.id}`, '{"name":"x"}'],
        ['POST', '/organisations', '{"kind":"shop","name":"x","lat":1,"lng":1}'],
        ['POST', `/organisations/${org.id}/members`, '{}'],
        ['GET', '/nothing-here', undefined],
      ] as const) {
        const res = await raw(app, method, path, { token, body });
        expect(res.status, `${method} ${path} ${token}`).toBe(401);
        expect(res.type).toMatch(/application\/json/);
        expectApiError(res.body, 'unauthorized');
      }
    }
  });

  it('the OpenAPI document is public and lists the account paths', async () => {
    const { app } = strictApp(t.db);
    const res = await raw(app, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/tokens',
        '/organisations',
        '/organisations/{id}',
        '/organisations/{id}/members',
      ]),
    );
    expect(res.body.paths['/tokens'].post).toBeTruthy();
    expect(res.body.paths['/organisations'].post).toBeTruthy();
    expect(res.body.paths['/organisations/{id}'].patch).toBeTruthy();
    expect(res.body.paths['/organisations/{id}/members'].post).toBeTruthy();
    expect(res.body.components.schemas.Error).toBeTruthy();
  });

  it('unknown paths are a 404 error object for a signed-in caller', async () => {
    const { app } = strictApp(t.db);
    const user = await createUser(t.db);
    const api = await apiAs(app, user.email, PASSWORD);
    const res = await api.get('/nothing-here');
    expect(res.status).toBe(404);
    expectApiError(res.body, 'not_found');
  });
});

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

describe('POST /organisations/:id/members', () => {
  it('a manager adds a member with a password; the member gets a token and sees the organisation', async () => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'shop');
    const api = await apiAs(app, user.email, PASSWORD);
    const email = `caisse-${Math.random().toString(36).slice(2)}@example.org`;
    const res = await api.post(`/organisations/${org.id}/members`, {
      email,
      password: 'caisse-numero-1',
      role: 'member',
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['userId']);
    const tok = await new ApiClient(app).post('/tokens', { email, password: 'caisse-numero-1' });
    expect(tok.status).toBe(201);
    expect(tok.body.userId).toBe(res.body.userId);
    const member = await apiAs(app, email, 'caisse-numero-1');
    expect((await member.get(`/organisations/${org.id}`)).status).toBe(200);
    // a member, not a manager
    const patch = await member.patch(`/organisations/${org.id}`, { name: 'Mine now' });
    expect(patch.status).toBe(403);
    expectApiError(patch.body, 'forbidden');
    expect(
      (
        await member.post(`/organisations/${org.id}/members`, {
          email: 'friend@example.org',
          password: 'caisse-numero-2',
          role: 'manager',
        })
      ).status,
    ).toBe(403);

    // duplicate e-mail (any case), a role that does not exist, a short password: 422
    for (const [body, fields] of [
      [{ email, password: 'caisse-numero-1', role: 'member' }, ['email']],
      [{ email: email.toUpperCase(), password: 'caisse-numero-1', role: 'member' }, ['email']],
      [{ email: user.email, password: 'caisse-numero-1', role: 'manager' }, ['email']],
      [{ email: 'x@example.org', password: 'caisse-numero-1', role: 'owner' }, ['role']],
      [{ email: 'y@example.org', password: 'short', role: 'member' }, ['password']],
      [{ email: 'not-an-email', role: 'member' }, ['email']],
      [{ email: ['a@b.c'], role: 'member', password: 42 }, ['email', 'password']],
    ] as const) {
      const r = await api.post(`/organisations/${org.id}/members`, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expectApiError(r.body, 'invalid_input', [...fields]);
    }
    const people = await t.db
      .selectFrom('memberships')
      .select('user_id')
      .where('organisation_id', '=', org.id)
      .execute();
    expect(people).toHaveLength(2);
  });

  it('without a password the member is created waiting for an invitation, and cannot get a token', async () => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'association');
    const api = await apiAs(app, user.email, PASSWORD);
    const email = `benevole-${Math.random().toString(36).slice(2)}@example.org`;
    const res = await api.post(`/organisations/${org.id}/members`, { email, role: 'member' });
    expect(res.status).toBe(201);
    const tok = await raw(app, 'POST', '/tokens', {
      body: JSON.stringify({ email, password: '' }),
      ip: freshIp(),
    });
    expect(tok.status).toBe(401);
  });

  it('the admin adds a manager to any organisation; others get 404', async () => {
    const { app } = strictApp(t.db);
    const { org } = await createOrgWithUser(t.db, 'producer_org');
    const { user: stranger } = await createOrgWithUser(t.db, 'producer_org');
    const admin = await createUser(t.db, { isAdmin: true });
    const a = await apiAs(app, admin.email, PASSWORD);
    expect(
      (
        await a.post(`/organisations/${org.id}/members`, {
          email: `po-${org.id}@example.org`,
          password: 'producteur-pommes-1',
          role: 'manager',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await a.post('/organisations/999999/members', {
          email: 'ghost@example.org',
          password: 'producteur-pommes-1',
          role: 'manager',
        })
      ).status,
    ).toBe(404);
    const s = await apiAs(app, stranger.email, PASSWORD);
    const r = await s.post(`/organisations/${org.id}/members`, {
      email: 'intrus@example.org',
      password: 'producteur-pommes-1',
      role: 'manager',
    });
    expect(r.status).toBe(404);
    expectApiError(r.body, 'not_found');
  });
});
