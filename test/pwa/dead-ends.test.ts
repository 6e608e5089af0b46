import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_ACTIONS } from '../../src/pwa/form-get-routes.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';

// Issue 17: no dead end. A GET of a form's action URL (a reload after a refused form) leads to the
// page with the form; a bad query shows the page with the message, in the page's language.
let t: TestDatabase;
let shop: Client;
beforeAll(async () => {
  t = await openTestDatabase();
  const { app } = buildApp(t.db);
  const { user } = await createOrgWithUser(t.db, 'shop');
  shop = new Client(app);
  await shop.signIn(user.email, PASSWORD);
});
afterAll(async () => {
  await t?.close();
});

describe('no dead end', () => {
  it('reloading a refused handover code leads to the donation, not a 404', async () => {
    const res = await shop.get('/donations/8/pickup');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/donations/8');
  });

  it('every form action asked with GET leads somewhere', async () => {
    for (const pattern of FORM_ACTIONS) {
      const path = pattern.replace(/:id\{[^}]+\}/, '5').replace(/:year\{.*\}$/, '2026');
      const res = await shop.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toMatch(/^\/[a-z/0-9-]*$/);
    }
    // not an open door: other ids than numbers stay a 404
    expect((await shop.get('/donations/abc/pickup')).status).toBe(404);
  });

  it('/receipts?year=abc shows the page with the message next to the year, in each language', async () => {
    const fr = await shop.get('/receipts?year=abc');
    expect(fr.status).toBe(422);
    const frHtml = await fr.text();
    expect(frHtml).toContain('<h1>Reçus fiscaux des dons</h1>');
    expect(frHtml).toContain('id="f-year-err">Saisissez une année (AAAA).</p>');
    expect(frHtml).toContain('value="abc"');
    expect(frHtml).toContain('aria-invalid="true"');
    const en = await (await shop.get('/receipts?year=abc&lang=en')).text();
    expect(en).toContain('Enter a year (YYYY).');
    expect(en).not.toContain('Some values are not valid.');
    expect((await shop.get('/receipts?lang=fr')).status).toBe(200);
  });
});

describe('every form action answers a GET', () => {
  it('each POST route of the site (not /api) has a page for its GET', async () => {
    const { app } = buildApp(t.db);
    // Hono writes a param's pattern in braces; compare the paths without them
    const bare = (p: string) => p.replace(/\{(?:[^{}]|\{[^}]*\})*\}/g, '');
    const gets = new Set(
      app.routes.filter((r) => r.method === 'GET' || r.method === 'ALL').map((r) => bare(r.path)),
    );
    const without = app.routes
      .filter((r) => r.method === 'POST' && !r.path.startsWith('/api') && !gets.has(bare(r.path)))
      .map((r) => r.path);
    expect([...new Set(without)]).toEqual([]);
  });
});

describe('a bad query shows the page’s words, not the validator’s English', () => {
  const roles = ['shop', 'association', 'producer_org', 'territory'] as const;
  const clients = {} as Record<(typeof roles)[number] | 'admin', Client>;
  beforeAll(async () => {
    const { app } = buildApp(t.db);
    for (const kind of roles) {
      const { user } = await createOrgWithUser(t.db, kind);
      clients[kind] = new Client(app);
      await clients[kind].signIn(user.email, PASSWORD);
    }
    const admin = await createUser(t.db, { isAdmin: true });
    clients.admin = new Client(app);
    await clients.admin.signIn(admin.email, PASSWORD);
  });

  it.each([
    [
      'stats',
      'territory',
      '/dashboard?period=custom&from=abc&to=zzz',
      ['Saisissez une date', 'Enter a date'],
    ],
    ['stats', 'shop', '/dashboard?year=abc', ['Saisissez une année', 'Enter a year']],
    ['receipts', 'association', '/receipts?year=abc', ['Saisissez une année', 'Enter a year']],
    ['quality', 'shop', '/quality?from=abc', ['Saisissez une date', 'Enter a date']],
    ['withdrawals', 'producer_org', '/withdrawals?campaign=abc', ['Cette adresse', 'This address']],
    ['withdrawals', 'association', '/withdrawals?campaign=abc', ['Cette adresse', 'This address']],
  ] as const)(
    '%s: %s %s says what is wrong in each language',
    async (_family, role, url, [fr, en]) => {
      const c = clients[role];
      const frRes = await c.get(`${url}&lang=fr`);
      expect(frRes.status).toBe(422);
      const frHtml = await frRes.text();
      expect(frHtml).toContain(fr);
      expect(frHtml).toContain('<h1');
      expect(frHtml).not.toContain('Some values are not valid.');
      const enHtml = await (await c.get(`${url}&lang=en`)).text();
      expect(enHtml).toContain(en);
      expect(enHtml).not.toContain('Some values are not valid.');
      await c.get(`${url.split('?')[0]}?lang=fr`);
    },
  );

  it.each([
    ['feed', 'association', '/feed?page=-1&view=zzz'],
    ['donations', 'shop', '/donations?page=-1&from=abc'],
    ['series', 'shop', '/series?page=-1'],
    ['admin lists', 'admin', '/admin/organisations?page=-1&pending=zzz'],
  ] as const)(
    '%s: %s %s ignores what it does not read and shows the page',
    async (_f, role, url) => {
      const res = await clients[role].get(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<h1');
    },
  );

  it('the API keeps its error object for the same mistake', async () => {
    const api = await clients.shop.request('/api/v1/receipts?year=abc');
    expect([401, 422]).toContain(api.status);
    expect((await api.json()).error.code).toBeTruthy();
  });
});
