import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe('sign-in and sessions', () => {
  it('signs in, sets a protected session cookie, and shows the home page of the role', async () => {
    const { app } = buildApp(t.db);
    const { user, org } = await createOrgWithUser(t.db, 'shop');
    const c = new Client(app);
    const res = await c.post('/signin', { email: user.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('sid='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http in this test
    const home = await c.get('/');
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain(org.name);
    expect(html).toContain('Commerce');
  });

  it('marks cookies Secure over https', async () => {
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const c = new Client(app, 'https://example.org');
    const res = await c.post('/signin', { email: user.email, password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().find((l) => l.startsWith('sid='))).toMatch(/Secure/);
  });

  it('refuses a wrong password with a message and keeps the e-mail', async () => {
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const c = new Client(app);
    const res = await c.post('/signin', { email: user.email, password: 'wrong-password' });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('E-mail ou mot de passe incorrect');
    expect(html).toContain(`value="${user.email}"`);
    expect(c.cookies.has('sid')).toBe(false);
  });

  it('throttles repeated failures, even with the right password afterwards', async () => {
    const { app, clock } = buildApp(t.db);
    const user = await createUser(t.db);
    const c = new Client(app);
    for (let i = 0; i < 5; i++)
      expect((await c.post('/signin', { email: user.email, password: `bad-${i}` })).status).toBe(
        401,
      );
    const blocked = await c.post('/signin', { email: user.email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('Trop d’essais');
    clock.advance(16 * 60_000);
    expect((await c.post('/signin', { email: user.email, password: PASSWORD })).status).toBe(303);
  });

  it('signs out and the old session no longer works', async () => {
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const c = new Client(app);
    await c.signIn(user.email, PASSWORD);
    const sid = c.cookies.get('sid')!;
    expect((await c.post('/signout')).status).toBe(303);
    const again = new Client(app);
    again.cookies.set('sid', sid);
    const res = await again.get('/');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?next=%2F');
  });

  it('expires sessions after 30 days', async () => {
    const { app, clock } = buildApp(t.db);
    const user = await createUser(t.db);
    const c = new Client(app);
    await c.signIn(user.email, PASSWORD);
    expect((await c.get('/')).status).toBe(200);
    clock.advance(31 * 86_400_000);
    expect((await c.get('/')).status).toBe(303);
  });

  it('only follows same-site paths after sign-in', async () => {
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const c = new Client(app);
    const res = await c.post('/signin', {
      email: user.email,
      password: PASSWORD,
      next: '//evil.example/x',
    });
    expect(res.headers.get('location')).toBe('/');
  });
});

describe('CSRF', () => {
  it('refuses a form without the token, with a wrong token, and accepts the header', async () => {
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const c = new Client(app);
    await c.signIn(user.email, PASSWORD);
    expect((await c.post('/signout', { _csrf: '' })).status).toBe(403);
    const wrong = await c.post('/signout', { _csrf: 'x'.repeat(24) });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('Le formulaire a expiré');
    expect((await c.get('/')).status).toBe(200); // still signed in
    const res = await c.request('/signout', {
      method: 'POST',
      headers: { 'x-csrf-token': c.cookies.get('csrf')! },
    });
    expect(res.status).toBe(303);
  });

  it('refuses a sign-in form posted from another site (no cookie)', async () => {
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const res = await app.request('http://localhost/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: user.email,
        password: PASSWORD,
        _csrf: 'guess'.repeat(5),
      }).toString(),
    });
    expect(res.status).toBe(403);
  });
});

describe('health', () => {
  it('answers 200 with the database reachable and 503 otherwise', async () => {
    const ok = buildApp(t.db, { ping: t.ping });
    expect((await ok.app.request('/healthz')).status).toBe(200);
    const down = buildApp(t.db, { ping: async () => Promise.reject(new Error('down')) });
    const res = await down.app.request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable' });
  });
});
