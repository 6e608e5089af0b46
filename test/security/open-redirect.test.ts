import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/shared/next-path.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const SITE = 'http://localhost';

/** An encoded newline is harmless: it stays an (encoded) path of this site. */
const ENCODED = '/%0a/evil.example';
const expected = (next: string) => (next === ENCODED ? ENCODED : '/');

/** Decoded values of `next`, as a form or a query string delivers them. */
const hostile: [string, string][] = [
  ['tab first', '\t/evil.example'],
  ['tab after the slash (%09)', '/\t/evil.example'],
  ['protocol-relative', '//evil.example'],
  ['slash backslash', '/\\evil.example'],
  ['backslash slash', '\\/evil.example'],
  ['absolute https', 'https://evil.example/'],
  ['absolute http with a path', 'http://evil.example/signin'],
  ['javascript:', 'javascript:alert(1)'],
  ['data:', 'data:text/html,<script>alert(1)</script>'],
  ['dot segment to //', '/.//evil.example'],
  ['encoded dot segment to //', '/%2e//evil.example'],
  ['dot-dot segment to //', '/a/..//evil.example'],
  ['encoded newline', ENCODED],
  ['newline', '/\n/evil.example'],
  ['carriage return and newline', '/x\r\nSet-Cookie: sid=attacker'],
  ['NUL', '/\u0000/evil.example'],
  ['DEL', '/\u007f/evil.example'],
  ['spaces first', '  //evil.example'],
  ['10k characters', `/${'a'.repeat(10_000)}`],
  ['empty', ''],
];

/** What a browser does with a Location header: resolve it against the page it came from. */
function staysOnSite(location: string | null) {
  expect(location).not.toBeNull();
  expect(location).not.toMatch(/[\u0000-\u001f\u007f\\]/);
  expect(new URL(location!, `${SITE}/signin`).origin).toBe(SITE);
}

describe('next after sign-in never leaves the site', () => {
  it.each(hostile)('POST /signin with next = %s redirects on the site', async (_, next) => {
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const res = await new Client(app).post('/signin', {
      email: user.email,
      password: PASSWORD,
      next,
    });
    expect(res.status).toBe(303);
    staysOnSite(res.headers.get('location'));
    expect(res.headers.get('location')).toBe(expected(next));
  });

  it.each(hostile)('GET /signin?next= %s renders only a safe next', async (_, next) => {
    const { app } = buildApp(t.db);
    const res = await new Client(app).get(`/signin?next=${encodeURIComponent(next)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const field = html.match(/name="next" value="([^"]*)"/);
    if (field) {
      expect(field[1]).toBe(expected(next));
      staysOnSite(field[1]);
    }
  });

  it('a wrong password with a hostile next shows the form again, not a 500', async () => {
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const res = await new Client(app).post('/signin', {
      email: user.email,
      password: 'wrong-password',
      next: '/\n/evil.example',
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('name="next" value="/"');
  });

  it.each([
    ['/feed', '/feed'],
    ['/donations/12?tab=history#pickup', '/donations/12?tab=history#pickup'],
    ['/dashboard?from=2026-01-01&to=2026-01-31', '/dashboard?from=2026-01-01&to=2026-01-31'],
  ])('keeps a path of the site: %s', async (next, expected) => {
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const res = await new Client(app).post('/signin', {
      email: user.email,
      password: PASSWORD,
      next,
    });
    expect(res.headers.get('location')).toBe(expected);
  });

  it('a page asked for before sign-in is where sign-in leads', async () => {
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const c = new Client(app);
    const first = await c.get('/dashboard');
    expect(first.status).toBe(303);
    const signin = await c.get(first.headers.get('location')!.replace(SITE, ''));
    const next = (await signin.text()).match(/name="next" value="([^"]*)"/)![1];
    const res = await c.post('/signin', { email: user.email, password: PASSWORD, next });
    expect(res.headers.get('location')).toBe('/dashboard');
  });

  it('the language link of a page reached by //evil.example stays on the site', async () => {
    const { app } = buildApp(t.db);
    const res = await new Client(app).get('//evil.example');
    const html = await res.text();
    const link = html.match(/<a href="([^"]*lang=[^"]*)"/)![1];
    expect(new URL(link.replaceAll('&amp;', '&'), `${SITE}//evil.example`).origin).toBe(SITE);
  });

  it.each(hostile)('safeNextPath(%s) gives "/" or a path of the site', (_, next) => {
    expect(safeNextPath(next)).toBe(expected(next));
  });

  it('safeNextPath refuses what is not a string', () => {
    expect(safeNextPath(undefined)).toBe('/');
    expect(safeNextPath(['/a', '/b'])).toBe('/');
  });
});
