import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, ApiClient, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { expectApiError, strictApp, useNoServerErrors } from './strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

// PostgreSQL refuses a NUL character in text: it must be a 4xx, never a 500 from the database.
const NUL = 'Épicerie\u0000 solidaire';

describe('a NUL character in text fields', () => {
  it('is refused by the API with the error object', async () => {
    const { app } = strictApp(t.db);
    const admin = await createUser(t.db, { isAdmin: true });
    const api = await apiAs(app, admin.email, PASSWORD);
    const created = await api.post('/organisations', { kind: 'shop', name: NUL, lat: 45, lng: 4 });
    expect(created.status).toBe(422);
    expectApiError(created.body, 'invalid_input', ['name']);
    expect(created.body.error.fields.name).toMatch(/not allowed/);
    const { org } = await createOrgWithUser(t.db, 'association');
    const patched = await api.patch(`/organisations/${org.id}`, { town: NUL, address: NUL });
    expect(patched.status).toBe(422);
    expectApiError(patched.body, 'invalid_input', ['town', 'address']);
    const member = await api.post(`/organisations/${org.id}/members`, {
      email: 'x\u0000@example.org',
      name: NUL,
      password: 'pass\u0000word-long',
      role: 'member',
    });
    expect(member.status).toBe(422);
    const token = await new ApiClient(app).post('/tokens', {
      email: `${admin.email}\u0000`,
      password: PASSWORD,
    });
    expect(token.status).toBe(401);
    expectApiError(token.body, 'invalid_credentials');
  });

  it('is refused by the forms with 422 or 401, nothing saved', async () => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'shop');
    const c = new Client(app);
    expect(
      (await c.post('/signin', { email: `${user.email}\u0000`, password: PASSWORD })).status,
    ).toBe(401);
    await c.signIn(user.email, PASSWORD);
    const profile = await c.post(`/organisations/${org.id}`, {
      profileForm: 'shop',
      name: NUL,
      lat: '45.7',
      lng: '4.8',
    });
    expect(profile.status).toBe(422);
    expect(await profile.text()).toContain('caractère non autorisé');
    expect(
      (
        await c.post(`/organisations/${org.id}/members`, {
          email: 'a@example.org',
          name: NUL,
          role: 'member',
        })
      ).status,
    ).toBe(422);
    const signup = await new Client(app).post('/signup', {
      kind: 'association',
      orgName: NUL,
      lat: '45.7',
      lng: '4.8',
      yourName: NUL,
      email: 'nul@example.org',
      password: 'long-enough-1',
      passwordConfirm: 'long-enough-1',
    });
    expect(signup.status).toBe(422);
    const admin = await createUser(t.db, { isAdmin: true });
    const a = new Client(app);
    await a.signIn(admin.email, PASSWORD);
    expect(
      (await a.post('/admin/organisations', { kind: 'shop', name: NUL, lat: '45', lng: '4' }))
        .status,
    ).toBe(422);
    expect(
      await t.db
        .selectFrom('organisations')
        .select('id')
        .where('name', 'like', 'Épicerie%')
        .execute(),
    ).toEqual([]);
    expect(
      await t.db.selectFrom('users').select('id').where('email', '=', 'nul@example.org').execute(),
    ).toEqual([]);
  });
});
