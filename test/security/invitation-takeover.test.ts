import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createSession } from '../../src/accounts/domain.js';
import { ActorCache } from '../../src/accounts/actor-cache.js';
import { ApiClient, apiAs, Client, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { expectApiError, strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

const STRONG = 'lanterne-verger-cormoran-17';
const INTRUDER_PASSWORD = 'tambour-glacier-pivoine-88';

const invitationPath = (html: string) => {
  const m = html.match(/value="http:\/\/localhost(\/invitations\/[A-Za-z0-9_-]+)"/);
  if (!m) throw new Error('no invitation link in the page');
  return m[1];
};

async function twoOrganisations() {
  const built = strictApp(t.db);
  const a = await createOrgWithUser(t.db, 'association', { name: 'Restos du Plateau' });
  const b = await createOrgWithUser(t.db, 'shop', { name: 'Primeur Intrus' });
  const x = `x-${Math.random().toString(36).slice(2)}@example.org`;
  return { ...built, a, b, x };
}

const membershipsOf = (email: string) =>
  t.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.organisation_id', 'm.role'])
    .where('u.email', '=', email)
    .execute();

describe('invitation takeover: the manager of another organisation invites the same e-mail', () => {
  it('HTML: the intruder’s link sets no password and grants nothing of A; the real invitee gets A, then B by signing in', async () => {
    const { app, a, b, x } = await twoOrganisations();
    const managerA = await signedIn(app, a.user.email);
    const linkA = invitationPath(
      await (
        await managerA.post(`/organisations/${a.org.id}/members`, { email: x, role: 'manager' })
      ).text(),
    );
    // invited, not yet a member: the membership comes with accepting A's link
    expect(await membershipsOf(x)).toEqual([]);

    const managerB = await signedIn(app, b.user.email);
    const res = await managerB.post(`/organisations/${b.org.id}/members`, {
      email: x,
      role: 'manager',
    });
    expect(res.status).toBe(200);
    const htmlB = await res.text();
    // B's manager is told the link lets x join by signing in, not choose a password
    expect(htmlB).toContain('l’accepte en s’y connectant');
    const linkB = invitationPath(htmlB);
    expect(linkB).not.toBe(linkA);

    // the intruder opens B's link: no password form, a request to sign in as x
    const intruder = new Client(app);
    const page = await (await intruder.get(linkB)).text();
    expect(page).not.toContain('name="password"');
    expect(page).toContain('connectez-vous avec ce compte');
    // and posting a password anyway sets nothing and signs nobody in
    const attempt = await intruder.post(linkB, { password: INTRUDER_PASSWORD });
    expect(attempt.status).toBe(403);
    expect(intruder.cookies.has('sid')).toBe(false);
    expect(await membershipsOf(x)).toEqual([]);
    const user = await t.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', x)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toBeNull();
    expect(
      (await new ApiClient(app).post('/tokens', { email: x, password: INTRUDER_PASSWORD })).status,
    ).toBe(401);
    expect((await intruder.post('/signin', { email: x, password: INTRUDER_PASSWORD })).status).toBe(
      401,
    );
    expect((await intruder.get(`/organisations/${a.org.id}/members`)).status).toBe(303); // to /signin

    // the real invitee accepts A's link: manager of A, and of nothing else
    const real = new Client(app);
    expect((await real.post(linkA, { password: STRONG })).status).toBe(303);
    expect(await membershipsOf(x)).toEqual([{ organisation_id: a.org.id, role: 'manager' }]);
    expect((await real.get(`/organisations/${a.org.id}/members`)).status).toBe(200);
    expect((await real.get(`/organisations/${b.org.id}`)).status).toBe(404);
    // A's link is spent
    expect((await new Client(app).post(linkA, { password: INTRUDER_PASSWORD })).status).toBe(404);

    // B's invitation still stands for x, who accepts it signed in as x
    const accept = await (await real.get(linkB)).text();
    expect(accept).not.toContain('name="password"');
    expect((await real.post(linkB)).status).toBe(303);
    expect(await membershipsOf(x)).toHaveLength(2);
    // x's password is the one x chose
    await signedIn(app, x, STRONG);
  });

  it('API: adding the invited e-mail elsewhere hands out no credential, with or without a password', async () => {
    const { app, a, b, x } = await twoOrganisations();
    const apiA = await apiAs(app, a.user.email, PASSWORD);
    const apiB = await apiAs(app, b.user.email, PASSWORD);
    expect(
      (await apiA.post(`/organisations/${a.org.id}/members`, { email: x, role: 'manager' })).status,
    ).toBe(201);

    // B tries to give x a password of its choosing: refused, nothing set
    const withPassword = await apiB.post(`/organisations/${b.org.id}/members`, {
      email: x,
      password: INTRUDER_PASSWORD,
      role: 'manager',
    });
    expect(withPassword.status).toBe(422);
    expectApiError(withPassword.body, 'invalid_input', ['email']);
    const tok = await new ApiClient(app).post('/tokens', { email: x, password: INTRUDER_PASSWORD });
    expect(tok.status).toBe(401);

    // without a password: an invitation of B's own, and still no membership of A for anyone
    const without = await apiB.post(`/organisations/${b.org.id}/members`, {
      email: x,
      role: 'manager',
    });
    expect(without.status).toBe(201);
    // the link goes to the manager who invited (to pass on); it is B's alone and sets no password
    expect(without.body.invitationUrl).toMatch(/^http:\/\/localhost\/invitations\/[^/]+$/);
    expect(await membershipsOf(x)).toEqual([]);
    const invitations = await t.db
      .selectFrom('invitations')
      .select(['organisation_id', 'sets_password'])
      .where('user_id', '=', without.body.userId)
      .orderBy('organisation_id')
      .execute();
    // only A's link may choose x's password
    expect(invitations).toEqual([
      { organisation_id: a.org.id, sets_password: true },
      { organisation_id: b.org.id, sets_password: false },
    ]);
    // A cannot be reached with anything B's manager holds
    expect((await apiB.patch(`/organisations/${a.org.id}`, { name: 'Pris' })).status).toBe(404);
  });

  it('an invitation is one link: inviting again replaces the waiting link of that organisation', async () => {
    const { app, a, x } = await twoOrganisations();
    const managerA = await signedIn(app, a.user.email);
    const invite = async () =>
      invitationPath(
        await (
          await managerA.post(`/organisations/${a.org.id}/members`, { email: x, role: 'member' })
        ).text(),
      );
    const first = await invite();
    const second = await invite();
    const z = new Client(app);
    expect((await z.get(first)).status).toBe(404);
    expect((await z.post(second, { password: STRONG })).status).toBe(303);
    expect(await membershipsOf(x)).toEqual([{ organisation_id: a.org.id, role: 'member' }]);
  });
});

describe('setting a password ends every other session and API token of the account', () => {
  it('accepting an invitation ends sessions and tokens someone held before (pages and API, cached or not)', async () => {
    const cache = new ActorCache(60_000);
    const { app, a, x } = await twoOrganisations();
    const { app: cachedApp } = strictApp(t.db, { actorCache: cache });
    const managerA = await signedIn(app, a.user.email);
    const link = invitationPath(
      await (
        await managerA.post(`/organisations/${a.org.id}/members`, { email: x, role: 'manager' })
      ).text(),
    );
    // credentials someone holds for this account already (as the intruder did before the fix)
    const user = await t.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', x)
      .executeTakeFirstOrThrow();
    const staleSession = await createSession(t.db, user.id, new Date());
    const staleToken = await createApiToken(t.db, user.id, new Date());
    const stale = new Client(app);
    stale.cookies.set('sid', staleSession);
    expect((await stale.get('/')).status).toBe(200);
    const staleApi = new ApiClient(cachedApp, staleToken);
    expect((await staleApi.get('/tokens')).status).toBe(200); // now in the cache

    const real = new Client(cachedApp);
    expect((await real.post(link, { password: STRONG })).status).toBe(303);
    expect((await real.get('/')).status).toBe(200);
    expect((await stale.get('/')).status).toBe(303);
    expect((await staleApi.get('/tokens')).status).toBe(401);
    expect((await new ApiClient(app, staleToken).get('/tokens')).status).toBe(401);
  });

  it('changing the password on /account keeps this session and ends the others and every token', async () => {
    const cache = new ActorCache(60_000);
    const { app } = strictApp(t.db, { actorCache: cache });
    const { user } = await createOrgWithUser(t.db, 'shop');
    const here = await signedIn(app, user.email);
    const elsewhere = await signedIn(app, user.email);
    const api = await apiAs(app, user.email, PASSWORD);
    expect((await api.get('/tokens')).status).toBe(200);

    const page = await (await here.get('/account')).text();
    expect(page).toContain('href="/account/tokens"');
    const wrong = await here.post('/account/password', {
      current: 'pas-le-bon-mot',
      password: STRONG,
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toMatch(/id="f-current-err">[^<]*pas votre mot de passe actuel/);
    expect((await api.get('/tokens')).status).toBe(200); // nothing ended by a refused change

    const ok = await here.post('/account/password', {
      current: PASSWORD,
      password: STRONG,
    });
    expect(ok.status).toBe(303);
    expect((await here.get('/account')).status).toBe(200);
    expect((await elsewhere.get('/')).status).toBe(303);
    expect((await api.get('/tokens')).status).toBe(401);
    await signedIn(app, user.email, STRONG);
    expect(
      (
        await new Client(app).post('/signin', {
          email: user.email,
          password: PASSWORD,
        })
      ).status,
    ).toBe(401);
  });
});
