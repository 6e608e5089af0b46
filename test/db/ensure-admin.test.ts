import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../src/accounts/domain.js';
import { apiAs, Client } from '../helpers/app.js';
import { strictApp as buildApp, useNoServerErrors } from '../api/strict-app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

const admins = () =>
  t.db.selectFrom('users').select(['id', 'email']).where('is_admin', '=', true).execute();

// One database for the file, so the steps run in order.
describe('ensureAdmin (ADMIN_EMAIL / ADMIN_PASSWORD at start)', () => {
  it('does nothing without both settings', async () => {
    expect(await ensureAdmin(t.db, null, null)).toBeNull();
    expect(await ensureAdmin(t.db, 'admin@example.org', null)).toBeNull();
    expect(await ensureAdmin(t.db, null, 'admin-password')).toBeNull();
    expect(await admins()).toEqual([]);
  });

  it('promotes an existing account with that e-mail, resets its password and ends its sessions', async () => {
    // someone signed up with the e-mail before the operator set ADMIN_EMAIL: the configured password wins
    const { app } = buildApp(t.db);
    const { user } = await createOrgWithUser(t.db, 'shop', {}, 'manager');
    const c = new Client(app);
    await c.signIn(user.email, PASSWORD);
    const api = await apiAs(app, user.email, PASSWORD);

    const id = await ensureAdmin(t.db, user.email.toUpperCase(), 'the-operator-password');
    expect(id).toBe(user.id);
    expect(await admins()).toEqual([{ id: user.id, email: user.email }]);
    expect((await c.get('/')).status).toBe(303); // signed out
    expect((await api.get(`/organisations/1`)).status).toBe(401);
    expect(
      (await new Client(app).post('/signin', { email: user.email, password: PASSWORD })).status,
    ).toBe(401);
    await new Client(app).signIn(user.email, 'the-operator-password');

    // clean up for the next step
    await t.db.updateTable('users').set({ is_admin: false }).where('id', '=', user.id).execute();
  });

  it('creates the admin once, who can sign in and open the admin pages', async () => {
    const id = await ensureAdmin(t.db, 'admin@town.example', 'admin-password-1');
    expect(id).toEqual(expect.any(Number));
    expect(await admins()).toEqual([{ id, email: 'admin@town.example' }]);
    const { app } = buildApp(t.db);
    const c = new Client(app);
    await c.signIn('admin@town.example', 'admin-password-1');
    expect((await c.get('/admin/organisations')).status).toBe(200);
  });

  it('does nothing when an admin exists, whatever the settings say', async () => {
    expect(await ensureAdmin(t.db, 'admin@town.example', 'another-password')).toBeNull();
    expect(await ensureAdmin(t.db, 'second@town.example', 'admin-password-2')).toBeNull();
    expect(await admins()).toHaveLength(1);
    expect(
      await t.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'second@town.example')
        .execute(),
    ).toEqual([]);
    // the first password is untouched
    const { app } = buildApp(t.db);
    await new Client(app).signIn('admin@town.example', 'admin-password-1');
  });
});
