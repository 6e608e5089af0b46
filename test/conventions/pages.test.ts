import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';
import { conventionParties } from './parties.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

async function setting() {
  const built = strictApp(t.db);
  built.clock.set('2026-12-03T10:00:00+01:00');
  const p = await conventionParties(t.db);
  const sign = async (email: string) => {
    const c = new Client(built.app);
    await c.signIn(email, PASSWORD);
    return c;
  };
  return { built, ...p, sign, s: await sign(p.shop.user.email), a: await sign(p.assoc.user.email) };
}

const form = (
  associationId: number,
  shopId: number,
  over: Record<string, string | string[]> = {},
) => ({
  shopId: String(shopId),
  associationId: String(associationId),
  categories: ['bakery', 'fruit_vegetables'],
  pickupArrangements: 'Chaque mardi à 19 h, par la porte de la réserve.',
  qualityContact: 'Responsable du magasin',
  startsOn: '2026-12-07',
  endsOn: '',
  ...over,
});

async function pdfText(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const { text } = await extractText(new Uint8Array(await res.arrayBuffer()), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('donation agreements on the site, without JavaScript', () => {
  it('a duty shop sees the association without one, proposes, the association accepts; both print it', async () => {
    const { s, a, shop, assoc } = await setting();
    const home = await (await s.get('/')).text();
    expect(home).toContain('1 association collecte chez vous sans convention de don.');
    const profile = await (await s.get(`/organisations/${shop.org.id}`)).text();
    expect(profile).toMatch(/id="legal-duty"[^]*?href="\/conventions"/);
    const page = await (await s.get('/conventions')).text();
    expect(page).toContain('Associations sans convention');
    expect(page).toContain(`href="/conventions/new?associationId=${assoc.org.id}"`);
    expect(page).toContain('Proposer une convention');

    const blank = await (await s.get(`/conventions/new?associationId=${assoc.org.id}`)).text();
    expect(blank).toMatch(new RegExp(`<option value="${assoc.org.id}" selected`));
    const sent = await s.post('/conventions', form(assoc.org.id, shop.org.id));
    expect(sent.status).toBe(303);
    const url = sent.headers.get('location')!;
    expect(url).toMatch(/^\/conventions\/\d+\?done=proposed$/);
    const id = url.match(/\d+/)![0];
    const mine = await (await s.get(url)).text();
    expect(mine).toContain('Proposition envoyée');
    expect(mine).not.toContain('Accepter la convention');
    expect(mine).toContain('Retirer la proposition');
    expect(await (await s.get('/conventions')).text()).toContain(
      'Proposition en attente de réponse',
    );

    expect(await (await a.get('/')).text()).toContain(
      '1 proposition de convention de don attend votre réponse.',
    );
    const list = await (await a.get('/conventions')).text();
    expect(list).toContain('Propositions à accepter');
    expect(list).toContain(`href="/conventions/${id}"`);
    const theirs = await (await a.get(`/conventions/${id}`)).text();
    expect(theirs).toContain('Accepter la convention');
    expect(theirs).toContain('73282932000074');
    expect(theirs).toContain('W691234567');
    expect(theirs).toContain('décret n° 2020-1274');
    // "non renseigné(e)" agrees with its field: la forme juridique, le SIREN (issue 17)
    expect(theirs).toMatch(/<dt>Forme juridique<\/dt><dd>non renseignée<\/dd>/);
    expect(theirs).toMatch(/<dt>SIREN<\/dt><dd>non renseigné<\/dd>/);
    const ok = await a.post(`/conventions/${id}/accept`);
    expect(ok.status).toBe(303);
    const done = await (await a.get(ok.headers.get('location')!)).text();
    expect(done).toContain('Convention acceptée');
    expect(done).toMatch(/id="state">en vigueur</);
    expect(done).toContain('Acceptée en ligne');
    expect(done).toContain(assoc.user.name);
    expect(await (await s.get('/conventions')).text()).toContain('Toutes les associations');
    expect(await (await s.get('/')).text()).not.toContain('sans convention de don');

    const fr = await pdfText(await a.get(`/conventions/${id}/pdf`));
    for (const want of [
      'Convention de don de denrées alimentaires',
      'Supermarché des Pentes',
      '73282932000074',
      '732829320',
      'SAS',
      'Épicerie Solidaire du Plateau',
      'W691234567',
      'R-69-2024-03',
      'Boulangerie',
      'Fruits et légumes',
      'Chaque mardi à 19 h, par la porte de la réserve.',
      'Démarche qualité',
      'Responsable du magasin',
      '7 décembre 2026',
      'durée indéterminée',
      'Acceptée en ligne',
      assoc.user.name,
      'en vigueur',
    ])
      expect(fr).toContain(want);
    const en = await pdfText(await a.get(`/conventions/${id}/pdf?lang=en`));
    expect(en).toContain('Food donation agreement');
    expect(en).toContain('Quality loop');
    expect(en).toContain('7 December 2026');
    await a.get('/?lang=fr'); // the language chosen is kept: back to French

    const ended = await s.post(`/conventions/${id}/end`, { reason: '' });
    expect(ended.status).toBe(422);
    expect(await ended.text()).toContain('Donnez le motif');
    expect(
      (await s.post(`/conventions/${id}/end`, { reason: 'Fermeture du magasin' })).status,
    ).toBe(303);
    const history = await (await a.get('/conventions')).text();
    expect(history).toContain('Historique');
    expect(history).toContain('terminée');
    expect(await (await a.get(`/conventions/${id}`)).text()).toContain('Fermeture du magasin');
  });

  it('says what is wrong beside the field: proposed twice (409), a wrong value (422)', async () => {
    const { s, a, shop, assoc } = await setting();
    expect((await s.post('/conventions', form(assoc.org.id, shop.org.id))).status).toBe(303);
    const twice = await a.post('/conventions', form(assoc.org.id, shop.org.id));
    expect(twice.status).toBe(409);
    const html = await twice.text();
    expect(html).toMatch(/id="f-shopId-err">Une convention est déjà en vigueur ou en attente/);
    const bad = await s.post(
      '/conventions',
      form(assoc.org.id, shop.org.id, {
        categories: [],
        endsOn: '2026-12-01',
        pickupArrangements: 'Le soir',
      }),
    );
    expect(bad.status).toBe(422);
    const b = await bad.text();
    expect(b).toContain('Choisissez au moins une catégorie de denrées.');
    expect(b).toMatch(/id="f-endsOn-err">La fin doit être après le début/);
    expect(b).toContain('Le soir</textarea>'); // what was typed is kept
  });

  it('the proposer cannot accept; a third organisation gets 404; a plain member 403', async () => {
    const { s, shop, assoc, otherShop, otherAssoc, member, sign } = await setting();
    const id = (await s.post('/conventions', form(assoc.org.id, shop.org.id))).headers
      .get('location')!
      .match(/\d+/)![0];
    expect((await s.post(`/conventions/${id}/accept`)).status).toBe(403);
    for (const who of [otherShop.user.email, otherAssoc.user.email]) {
      const x = await sign(who);
      expect((await x.get(`/conventions/${id}`)).status).toBe(404);
      expect((await x.get(`/conventions/${id}/pdf`)).status).toBe(404);
      expect((await x.post(`/conventions/${id}/decline`, {})).status).toBe(404);
    }
    const m = await sign(member.email);
    expect((await m.get(`/conventions/${id}`)).status).toBe(403);
    expect((await m.get('/conventions')).status).toBe(403);
    expect(await (await m.get('/')).text()).not.toContain('href="/conventions"');
  });

  it('the association declines with a reason; a shop under 400 m² has no duty list', async () => {
    const { s, a, shop, assoc } = await setting();
    await t.db
      .updateTable('organisations')
      .set({ sales_area_m2: 250 })
      .where('id', '=', shop.org.id)
      .execute();
    const page = await (await s.get('/conventions')).text();
    expect(page).not.toContain('Associations sans convention');
    const id = (await s.post('/conventions', form(assoc.org.id, shop.org.id))).headers
      .get('location')!
      .match(/\d+/)![0];
    expect(
      (await a.post(`/conventions/${id}/decline`, { reason: 'Pas de place en chambre froide' }))
        .status,
    ).toBe(303);
    const text = await (await s.get(`/conventions/${id}`)).text();
    expect(text).toMatch(/id="state">refusée</);
    expect(text).toContain('Pas de place en chambre froide');
    expect((await a.post(`/conventions/${id}/accept`)).status).toBe(409);
  });
});
