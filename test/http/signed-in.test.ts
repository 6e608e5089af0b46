import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { Actor } from '../../src/accounts/actor.js';
import type { AppEnv, SignedInEnv } from '../../src/http/env.js';
import { signedIn } from '../../src/http/middleware.js';

/** An app whose requests are signed in when they carry `x-user`, with signed-in routes and a public one after them. */
function appWith(routes: Hono<SignedInEnv>) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    const name = c.req.header('x-user');
    c.set('actor', name ? ({ user: { email: name } } as unknown as Actor) : null);
    await next();
  });
  app.route('/', signedIn(routes));
  app.get('/public', (c) => c.text('public'));
  return app;
}

describe('signedIn()', () => {
  const routes = new Hono<SignedInEnv>()
    .get('/things/:id', (c) => c.text(`${c.get('actor').user.email} sees ${c.req.param('id')}`))
    .post('/things', (c) => c.text('made'));

  it('sends the signed-out to /signin from every route of the sub-app', async () => {
    const app = appWith(routes);
    for (const [method, path] of [
      ['GET', '/things/7'],
      ['POST', '/things'],
    ]) {
      const res = await app.request(path, { method });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
  });

  it('guards a route for its own method, and a prefix for every method and every path below it', async () => {
    // no GET /things route: without a prefix it is nobody's page (404), as before the sub-apps were typed
    expect((await appWith(routes).request('/things')).status).toBe(404);
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => (c.set('actor', null), next()));
    app.route('/', signedIn(routes, ['/things', '/things/*']));
    for (const [method, path] of [
      ['GET', '/things'],
      ['GET', '/things/7/unknown'],
      ['DELETE', '/things/7'],
    ]) {
      const res = await app.request(path, { method });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
  });

  it('lets the signed-in through, their actor set', async () => {
    const res = await appWith(routes).request('/things/7', { headers: { 'x-user': 'ana@x' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ana@x sees 7');
  });

  it('leaves the routes mounted after it public', async () => {
    const res = await appWith(routes).request('/public');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('public');
  });

  it('refuses a catch-all path, whose guard would stand in front of the whole app', () => {
    const everywhere = new Hono<SignedInEnv>().use('*', (_c, next) => next());
    expect(() => signedIn(everywhere)).toThrow(/catch-all/);
    const below = new Hono<SignedInEnv>().get('/*', (c) => c.text('all'));
    expect(() => signedIn(below)).toThrow(/catch-all/);
    expect(() => signedIn(routes, ['/*'])).toThrow(/catch-all/);
  });
});
