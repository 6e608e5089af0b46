import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { donationForm } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe('pages write numbers in their own language', () => {
  it('a donation of 6.5 kg reads "6,5 kg" in French and "6.5 kg" in English, on its page and in the feed', async () => {
    const { app } = buildApp(t.db);
    const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.0, lng: 4.0 });
    // about 0.7 km north of the shop
    const assoc = await createOrgWithUser(t.db, 'association', { lat: 45.0063, lng: 4.0 });
    const s = new Client(app);
    await s.signIn(shop.user.email, PASSWORD);
    const res = await s.post('/donations', donationForm({ quantityKg: '6.5' }));
    expect(res.status).toBe(303);
    const url = res.headers.get('location')!;

    const fr = await (await s.get(url)).text();
    expect(fr).toContain('6,5 kg');
    expect(fr).not.toContain('6.5 kg');
    const en = await (await s.get(`${url}?lang=en`)).text();
    expect(en).toContain('6.5 kg');
    expect(en).not.toContain('6,5 kg');

    const a = new Client(app);
    await a.signIn(assoc.user.email, PASSWORD);
    const feedFr = await (await a.get('/feed')).text();
    expect(feedFr).toContain('0,7 km');
    expect(feedFr).toContain('6,5 kg');
    const detailFr = await (await a.get(url)).text();
    expect(detailFr).toContain('0,7 km');
    // ?lang=en is kept (a cookie): English from here on
    const feedEn = await (await a.get('/feed?lang=en')).text();
    expect(feedEn).toContain('0.7 km');
    expect(feedEn).toContain('6.5 kg');
    const detailEn = await (await a.get(url)).text();
    expect(detailEn).toContain('0.7 km');
  });

  it('the dashboard’s filters say which “all” they mean', async () => {
    const { app } = buildApp(t.db);
    const territory = await createOrgWithUser(t.db, 'territory', {});
    const c = new Client(app);
    await c.signIn(territory.user.email, PASSWORD);
    const fr = await (await c.get('/dashboard')).text();
    expect(fr).toContain('Tous les commerces');
    expect(fr).toContain('Toutes les associations');
    expect(fr).not.toContain('>Toutes<');
    const en = await (await c.get('/dashboard?lang=en')).text();
    expect(en).toContain('All shops');
  });
});
