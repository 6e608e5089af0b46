import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

async function managerOf(kind: 'shop' | 'association' = 'shop') {
  const built = strictApp(t.db);
  const { org, user } = await createOrgWithUser(t.db, kind, {
    name: `Primeur ${Math.random().toString(36).slice(2, 7)}`,
  });
  const c = new Client(built.app);
  await c.signIn(user.email, PASSWORD);
  return { ...built, c, org, user };
}

const invitationPath = (html: string) => {
  const m = html.match(/value="http:\/\/localhost(\/invitations\/[A-Za-z0-9_-]+)"/);
  if (!m) throw new Error('no invitation link in the page');
  return m[1];
};

const email = () => `new-${Math.random().toString(36).slice(2)}@example.org`;

describe('inviting members', () => {
  it('the manager invites; the invitee sets a password, is signed in and sees the organisation; the link works once', async () => {
    const { app, c, org } = await managerOf();
    const page = await c.get(`/organisations/${org.id}/members`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`action="/organisations/${org.id}/members"`);

    const invitee = email();
    const res = await c.post(`/organisations/${org.id}/members`, {
      email: invitee,
      name: 'Zoé',
      role: 'member',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(invitee);
    const link = invitationPath(html);
    // the member is listed as waiting
    expect(html).toMatch(/<strong>Zoé<\/strong>[^<]*Membre ⏳/);
    // the token is stored hashed, not in clear
    const stored = await t.db.selectFrom('invitations').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(link.split('/').pop());

    const z = new Client(app);
    const open = await z.get(link);
    expect(open.status).toBe(200);
    expect(await open.text()).toContain(invitee);

    const short = await z.post(link, { password: 'short' });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('Au moins 10');
    expect(z.cookies.has('sid')).toBe(false);
    const tooLong = await z.post(link, { password: 'x'.repeat(201) });
    expect(tooLong.status).toBe(422);

    const done = await z.post(link, { password: 'mon-mot-de-passe' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/');
    const home = await (await z.get('/')).text();
    expect(home).toContain(org.name);
    expect(home).toContain('Membre');
    expect((await z.get(`/organisations/${org.id}`)).status).toBe(200);
    // a member, not a manager
    expect((await z.get(`/organisations/${org.id}/members`)).status).toBe(403);

    // the link is spent
    const other = new Client(app);
    expect((await other.get(link)).status).toBe(404);
    expect((await other.post(link, { password: 'un-autre-mot-de-passe' })).status).toBe(404);
    expect(other.cookies.has('sid')).toBe(false);
    // and the password chosen is the one that works
    const fresh = new Client(app);
    await fresh.signIn(invitee, 'mon-mot-de-passe');
    expect(
      (await fresh.post('/signin', { email: invitee, password: 'un-autre-mot-de-passe' })).status,
    ).toBe(401);
    // the manager's list shows the member active
    expect(await (await c.get(`/organisations/${org.id}/members`)).text()).not.toContain('⏳');
  });

  it('refuses an expired link (after 7 days)', async () => {
    const { app, clock, c, org } = await managerOf('association');
    const link = invitationPath(
      await (
        await c.post(`/organisations/${org.id}/members`, { email: email(), role: 'manager' })
      ).text(),
    );
    clock.advance(8 * 86_400_000);
    const z = new Client(app);
    const res = await z.get(link);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('invitation');
    expect((await z.post(link, { password: 'mon-mot-de-passe' })).status).toBe(404);
    expect(z.cookies.has('sid')).toBe(false);
  });

  it('still accepts a link after 6 days', async () => {
    const { app, clock, c, org } = await managerOf();
    const link = invitationPath(
      await (
        await c.post(`/organisations/${org.id}/members`, { email: email(), role: 'manager' })
      ).text(),
    );
    clock.advance(6 * 86_400_000);
    const z = new Client(app);
    expect((await z.post(link, { password: 'mon-mot-de-passe' })).status).toBe(303);
    // invited as manager: sees the members page
    expect((await z.get(`/organisations/${org.id}/members`)).status).toBe(200);
  });

  it('refuses unknown and malformed tokens', async () => {
    const { app } = await managerOf();
    const z = new Client(app);
    for (const tok of ['nope', 'x'.repeat(5000), '%00', '..%2F..%2Fetc']) {
      expect((await z.get(`/invitations/${tok}`)).status, tok).toBe(404);
      expect(
        (await z.post(`/invitations/${tok}`, { password: 'mon-mot-de-passe' })).status,
        tok,
      ).toBe(404);
    }
  });

  it('refuses an e-mail already in the organisation, a bad e-mail and an unknown role, keeping the values', async () => {
    const { c, org, user } = await managerOf();
    const member = await createUser(t.db, { organisationId: org.id, role: 'member' });
    for (const e of [user.email, member.email, member.email.toUpperCase()]) {
      const res = await c.post(`/organisations/${org.id}/members`, { email: e, role: 'member' });
      expect(res.status, e).toBe(422);
      const html = await res.text();
      expect(html).toContain('Un compte utilise déjà cette adresse');
      expect(html).toContain(`value="${e}"`);
      expect(html).not.toMatch(/\/invitations\//);
    }
    const bad = await c.post(`/organisations/${org.id}/members`, {
      email: 'pas-un-email',
      name: 'x'.repeat(81),
      role: 'owner',
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/id="f-email-err">[^<]*adresse e-mail valide/);
    expect(html).toMatch(/id="f-name-err">[^<]*trop long/);
    expect(html).toMatch(/id="f-role-err">[^<]*Choisissez/);
    expect(html).toContain('value="pas-un-email"');
    const people = await t.db
      .selectFrom('memberships')
      .select('user_id')
      .where('organisation_id', '=', org.id)
      .execute();
    expect(people).toHaveLength(2);
  });

  it('a person with an account elsewhere cannot be invited by e-mail (they keep their password)', async () => {
    const { c, org } = await managerOf();
    const { user: elsewhere } = await createOrgWithUser(t.db, 'association');
    const res = await c.post(`/organisations/${org.id}/members`, {
      email: elsewhere.email,
      role: 'manager',
    });
    expect(res.status).toBe(422);
    const api = await apiAs((await managerOf()).app, elsewhere.email, PASSWORD);
    expect((await api.get(`/organisations/${org.id}`)).status).toBe(404);
  });
});
