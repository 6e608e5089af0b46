import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_ACTIONS } from '../../src/pwa/form-get-routes.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

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
