import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, signedIn, type buildApp } from '../helpers/app.js';
import type { TestDatabase } from '../helpers/db.js';
import { PASSWORD } from '../helpers/factories.js';
import { dataSetApp, type seedDataSet } from './data-set.js';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof seedDataSet>>;
let app: ReturnType<typeof buildApp>['app'];
beforeAll(async () => {
  ({ t, s, app } = await dataSetApp());
});
afterAll(async () => t?.close());

const as = (email: string) => signedIn(app, email);
const NOV = 'period=month&month=2026-11';

describe('dashboard pages, CSV and API, scoped to the caller', () => {
  it('shows a shop its own figures, with factors, charts and CSV links, and nothing of another shop', async () => {
    const c = await as(s.A.user.email);
    const res = await c.get(`/dashboard?${NOV}&lang=en`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Scope: Boulangerie A');
    expect(html).toMatch(/id="counter-picked-kg">.*?<dd class="figure">13<\/dd>/s);
    expect(html).toMatch(/id="counter-meals">.*?<dd class="figure">26<\/dd>.*?1 meal = 0.5 kg/s);
    expect(html).toMatch(/id="counter-co2e">.*?33.02.*?2.54 kg CO2e per kg/s);
    expect(html).toMatch(/id="counter-value">.*?€33.08.*?3.27 EUR per kg/s);
    expect(html).toContain('<svg');
    expect(html).toContain('hx-get="/dashboard/counters?');
    expect(html).toContain('hx-trigger="donation-changed from:body');
    expect(html).toContain('hx-sse:connect="/events"');
    expect(html).toContain('/dashboard.csv?table=shops&amp;');
    expect(html).not.toContain('Primeur B');
  });

  it('exports every table as CSV within the scope', async () => {
    const c = await as(s.A.user.email);
    for (const table of ['summary', 'series', 'categories', 'shops', 'associations', 'donors']) {
      const res = await c.get(`/dashboard.csv?table=${table}&lang=en&${NOV}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      const body = await res.text();
      expect(body).not.toContain('Primeur B');
      if (table === 'summary') expect(body).toContain('picked_up_kg,13,kg');
      if (table === 'shops')
        expect(
          body
            .replace(/^\ufeff/, '')
            .trim()
            .split('\r\n'),
        ).toEqual([
          'Rank,Id,Name,Town,Donations,Posted (kg),Pickups,Picked up (kg),Defects,Defect rate,Followed up',
          `1,${s.A.org.id},Boulangerie A,Lyon,5,30,2,13,2,0.667,0`,
        ]);
    }
    expect((await c.get(`/dashboard?format=csv&table=associations&${NOV}`)).status).toBe(200);
    expect((await c.get(`/dashboard.csv?table=nope&${NOV}`)).status).toBe(422);
    // another shop's id in the filters gives nothing of it
    const other = await (
      await c.get(`/dashboard.csv?table=summary&${NOV}&shop=${s.B.org.id}`)
    ).text();
    expect(other).toContain('donations,0,count');
    expect(
      (await c.get(`/dashboard.csv?table=summary&${NOV}&organisationId=${s.B.org.id}`)).status,
    ).toBe(404);
  });

  it('refreshes the counters fragment alone', async () => {
    const c = await as(s.B.user.email);
    const res = await c.get(`/dashboard/counters?${NOV}`);
    const html = await res.text();
    expect(html.startsWith('<section id="stats-counters"')).toBe(true);
    expect(html).not.toContain('<html');
  });

  it('shows a territory the shops and associations of its area only', async () => {
    const c = await as(s.T.user.email);
    const html = await (await c.get(`/dashboard?${NOV}&lang=en`)).text();
    expect(html).toContain('1 shop and 1 association in the area');
    // B (outside) counts only for what X (inside) collected from it: 2 kg, not its 8 kg given to Y
    const shops = await (await c.get(`/dashboard.csv?table=shops&lang=en&${NOV}`)).text();
    expect(shops).toContain(`1,${s.A.org.id},Boulangerie A,Lyon,5,30,2,13,2,0.667,0`);
    expect(shops).toContain(`2,${s.B.org.id},Primeur B,Villeurbanne,1,5,1,2,0,0,0`);
    const csv = await (await c.get(`/dashboard.csv?table=summary&lang=en&${NOV}`)).text();
    expect(csv).toContain('picked_up_kg,15,kg');
  });

  it('re-renders the filters with a message per field on bad input, never a 500', async () => {
    const c = await as(s.A.user.email);
    const res = await c.get(
      '/dashboard?period=custom&from=2026-13-01&to=2026-11-01&category=caviar&lang=en',
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Enter a date (YYYY-MM-DD).');
    expect(html).toContain('Choose a category from the list.');
    expect(html).toContain('value="2026-13-01"');
    expect((await c.get('/dashboard?shop=abc')).status).toBe(422);
  });

  it('answers GET /api/v1/stats per API.md, scoped to the caller', async () => {
    const api = await apiAs(app, s.A.user.email, PASSWORD);
    const res = await api.get('/stats?from=2026-11-01&to=2026-11-30');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      donations: 5,
      pickedUpKg: 13,
      meals: 26,
      co2eKg: 33.02,
      valueEur: 33.08,
      expiredKg: 6,
      quality: { good: 1, acceptable: 1, poor: 0, refused: 1 },
      medianMinutesToClaim: 30,
      factors: { mealKg: 0.5, co2ePerKg: 2.54, valueEurPerKg: 3.27 },
    });
    expect(res.body.byCategory).toContainEqual(
      expect.objectContaining({ category: 'bakery', kg: 9 }),
    );
    expect(
      (await api.get(`/stats?from=2026-11-01&to=2026-11-30&organisationId=${s.B.org.id}`)).status,
    ).toBe(404);
    const bad = await api.get('/stats?from=2026-11-31&to=2026-11-01');
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.from).toBeTruthy();
    const admin = await apiAs(app, s.admin.email, PASSWORD);
    expect(
      (await admin.get(`/stats?from=2026-11-01&to=2026-11-30&organisationId=${s.B.org.id}`)).body,
    ).toMatchObject({ donations: 2, pickedUpKg: 10 });
    expect((await admin.get('/stats?from=2026-11-01&to=2026-11-30')).body).toMatchObject({
      donations: 7,
      pickedUpKg: 23,
    });
    expect((await new (api.constructor as any)(app).get('/stats')).status).toBe(401);
  });

  it('gives per-category factors in the API as an object once the admin sets one', async () => {
    const admin = await as(s.admin.email);
    const bad = await admin.post('/admin/factors', {
      meal_kg: '0',
      co2e_per_kg: '2.54',
      value_eur_per_kg: '3.27',
      'co2e_per_kg.bakery': 'x',
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('value="x"');
    const ok = await admin.post('/admin/factors', {
      meal_kg: '0,5',
      co2e_per_kg: '2.54',
      value_eur_per_kg: '3.27',
      'co2e_per_kg.bakery': '1',
    });
    expect(ok.status).toBe(303);
    const api = await apiAs(app, s.admin.email, PASSWORD);
    const res = await api.get('/stats?from=2026-11-01&to=2026-11-30');
    expect(res.body.factors.co2ePerKg).toMatchObject({ bakery: 1, dairy: 2.54 });
    expect(res.body.co2eKg).toBe(29.16);
    await admin.post('/admin/factors', {
      meal_kg: '0.5',
      co2e_per_kg: '2.54',
      value_eur_per_kg: '3.27',
      'co2e_per_kg.bakery': '',
    });
    expect((await api.get('/stats?from=2026-11-01&to=2026-11-30')).body.factors.co2ePerKg).toBe(
      2.54,
    );
    const shop = await as(s.A.user.email);
    expect(
      (await shop.post('/admin/factors', { meal_kg: '1', co2e_per_kg: '1', value_eur_per_kg: '1' }))
        .status,
    ).toBe(403);
  });

  it('lets the admin set a territory area by radius or by communes, and the territory then sees it', async () => {
    const admin = await as(s.admin.email);
    const bad = await admin.post(`/admin/territories/${s.T.org.id}/area`, {
      action: 'save',
      lat: '45.77',
      lng: '',
      radiusKm: '500',
    });
    expect(bad.status).toBe(422);
    // 4.83 -> 4.88 at 45.77° is about 3.9 km: a 5 km circle around A takes in B and Y
    const ok = await admin.post(`/admin/territories/${s.T.org.id}/area`, {
      action: 'save',
      lat: '45.77',
      lng: '4.83',
      radiusKm: '5',
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/Zone enregistrée : 2 commerces et 2 associations/);
    const c = await as(s.T.user.email);
    expect(await (await c.get(`/dashboard.csv?table=summary&lang=en&${NOV}`)).text()).toContain(
      'picked_up_kg,23,kg',
    );
    // by official communes: Lyon (69123) takes in A (1er) and X (4e), not Villeurbanne's B and Y
    const lyon = await admin.post(`/admin/territories/${s.T.org.id}/area`, {
      part: 'commune:69123',
      action: 'save',
    });
    expect(await lyon.text()).toMatch(/Zone enregistrée : 1 commerce et 1 association/);
    expect(await (await c.get(`/dashboard.csv?table=summary&lang=en&${NOV}`)).text()).toContain(
      'picked_up_kg,15,kg',
    );
    // Villeurbanne (69266) added: all four
    await admin.post(`/admin/territories/${s.T.org.id}/area`, {
      part: ['commune:69123', 'commune:69266'],
      action: 'save',
    });
    expect(await (await c.get(`/dashboard.csv?table=summary&lang=en&${NOV}`)).text()).toContain(
      'picked_up_kg,23,kg',
    );
    expect((await c.get(`/admin/territories/${s.T.org.id}/area`)).status).toBe(403);
  });

  it('opens with a figure summary, then charts in a phone-sized viewBox and tables that scroll in a labelled box (issue 17)', async () => {
    const c = await as(s.A.user.email);
    const fr = await (await c.get(`/dashboard?${NOV}`)).text();
    expect(fr).toContain(
      '<p class="summary" id="stats-summary">13 kg collectés en novembre 2026, soit 26 repas</p>',
    );
    expect(fr.indexOf('id="stats-summary"')).toBeLessThan(fr.indexOf('id="counter-donations"'));
    expect(fr).toContain('viewBox="0 0 360 ');
    expect(fr).not.toMatch(/>11-\d\d</);
    expect(fr).toContain('>2 nov.</text>');
    expect(fr).toMatch(
      /<div class="table-wrap" tabindex="0" role="region" aria-label="Tableau : Commerces[^"]*">/,
    );
    const en = await (await c.get(`/dashboard?${NOV}&lang=en`)).text();
    expect(en).toContain('13 kg picked up in November 2026, that is 26 meals');
    expect(en).toContain('>2 Nov</text>');
    // the live fragment carries the summary too
    const frag = await (await c.get(`/dashboard/counters?${NOV}&lang=en`)).text();
    expect(frag).toContain('that is 26 meals');
  });
});
