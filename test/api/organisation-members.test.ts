import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, apiAs } from '../helpers/app.js';
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
