import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { freshIp, raw } from './raw-call.js';
import { expectApiError, strictApp, useNoServerErrors } from './strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

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
