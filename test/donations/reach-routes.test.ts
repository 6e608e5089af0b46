import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewOrganisation } from '../../src/db/schema.js';
import { apiAs, buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { donationForm } from '../helpers/donation-factories.js';
import { createOrganisation, createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

// each case on its own spot, a degree of latitude from the others: out of each other's radius
let spot = 0;

/** A shop and the associations around it; posts the form and returns the page it lands on. */
async function postedAmong(associations: Partial<NewOrganisation>[], over = {}) {
  const lat = 44 + ++spot;
  const { app } = buildApp(t.db);
  const shop = await createOrgWithUser(t.db, 'shop', { lat, lng: 2 });
  const orgs = [];
  for (const a of associations)
    orgs.push(await createOrganisation(t.db, 'association', { lat, lng: 2, ...a }));
  const s = new Client(app);
  await s.signIn(shop.user.email, PASSWORD);
  const res = await s.post(
    '/donations',
    donationForm({ description: '2 baguettes', quantityKg: '1', ...over }),
  );
  expect(res.status).toBe(303);
  const url = res.headers.get('location')!;
  return { s, url, orgs, page: await (await s.get(url)).text() };
}

describe('the shop is told at once when nobody can take its donation', () => {
  it('too few kg for every minimum: says so, and what would help, in French and English', async () => {
    const { s, url, page } = await postedAmong([{ min_kg: 2 }, { min_kg: 2 }, { min_kg: 5 }]);
    expect(page).toContain('Aucune association ne peut prendre ce don pour l’instant');
    expect(page).toContain('2 associations proches prennent à partir de 2 kg.');
    expect(page).toContain('Ouvert');
    const en = await (await s.get(`${url}?lang=en`)).text();
    expect(en).toContain('2 associations nearby take from 2 kg.');
  });

  it('chilled food and no fridge nearby; once one has a fridge, the warning goes', async () => {
    const { s, url, page, orgs } = await postedAmong([{}], {
      category: 'dairy',
      storage: 'chilled',
      dateKind: 'best_before',
      date: '2026-12-15',
    });
    expect(page).toContain('Une association proche n’a pas de réfrigérateur pour le frais.');
    await t.db
      .updateTable('organisations')
      .set({ storage_chilled: true })
      .where('id', '=', orgs[0].id)
      .execute();
    const after = await (await s.get(url)).text();
    expect(after).not.toContain('Aucune association ne peut prendre ce don');
    expect(after).toContain('Ouvert');
  });

  it('says nothing when an association can take it', async () => {
    const { page } = await postedAmong([{ min_kg: 5 }, {}]);
    expect(page).toContain('2 baguettes');
    expect(page).not.toContain('Aucune association ne peut prendre ce don');
  });
});

describe('the API answer of a posting says the same', () => {
  const body = {
    category: 'bakery',
    description: 'pain',
    quantityKg: 1,
    storage: 'ambient',
    pickupFrom: '2026-11-27T10:00:00+01:00',
    pickupUntil: '2026-11-27T12:00:00+01:00',
  };
  async function postedByApi(associations: Partial<NewOrganisation>[]) {
    const lat = 44 + ++spot;
    const { app } = buildApp(t.db);
    const shop = await createOrgWithUser(t.db, 'shop', { lat, lng: 2 });
    for (const a of associations)
      await createOrganisation(t.db, 'association', { lat, lng: 2, ...a });
    const api = await apiAs(app, shop.user.email, PASSWORD);
    const res = await api.post('/donations', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  it('nobody: reach with the reasons, beside the donation', async () => {
    const posted = await postedByApi([{ min_kg: 2 }, { min_kg: 2 }]);
    expect(posted).toMatchObject({ description: 'pain', quantityKg: 1, status: 'open' });
    // the associations of the other cases, far away, are counted as out of radius
    expect(posted.reach.associations).toBe(0);
    expect(posted.reach.reasons).toContainEqual({
      rule: 'min_kg',
      associations: 2,
      kg: 2,
      atKg: 2,
    });
  });

  it('someone: reach counts them, no reasons', async () => {
    const posted = await postedByApi([{}, {}, { approved: false }]);
    expect(posted.reach).toEqual({ associations: 2, reasons: [] });
  });
});
