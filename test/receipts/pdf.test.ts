import { PDFDocument } from 'pdf-lib';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, Client, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';
import { render } from '../../src/mail/templates.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

/** The PDF's text, its whitespace (no-break spaces included) made single spaces. */
async function pdfText(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  const doc = await PDFDocument.load(bytes);
  const { text } = await extractText(bytes, { mergePages: true });
  return { text: text.replace(/\s+/g, ' '), doc };
}

const api = (app: ReturnType<typeof strictApp>['app'], path: string, token?: string) =>
  app.request(`http://localhost/api/v1${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

/** A shop, an approved association, two donations it took from the shop, one receipt issued. */
async function setting(names: { shop?: string; assoc?: string; description?: string } = {}) {
  const built = strictApp(t.db);
  built.clock.set('2026-12-03T10:00:00+01:00');
  const shop = await createOrgWithUser(t.db, 'shop', {
    name: names.shop ?? 'Boulangerie Sathonay',
    siret: '73282932000074',
    siren: '732829320',
    legal_form: 'SARL',
    address: '12 rue Pasteur',
    postcode: '69580',
    town: 'Sathonay-Camp',
  });
  const assoc = await createOrgWithUser(t.db, 'association', {
    name: names.assoc ?? 'Épicerie Solidaire du Plateau',
    rna: 'W691234567',
    siren: '443061841',
    purpose: 'Aide alimentaire aux personnes en difficulté',
    approval_level: 'regional',
    approval_number: 'R-69-2024-03',
    approval_ends_on: '2028-12-31',
    receipt_period: 'month',
  });
  for (const [category, kg, value, day] of [
    ['bakery', 4, 1234.5, '2026-03-02'],
    ['dairy', 2.5, 10, '2026-03-20'],
  ] as const) {
    const d = await createDonation(t.db, {
      shopId: shop.org.id,
      category,
      description: names.description ?? `Lot du ${day}`,
      quantity_kg: kg,
      value_eur: value,
      created_at: `${day}T08:00:00+01:00`,
    });
    await markPickedUp(t.db, d.id, { associationId: assoc.org.id, at: `${day}T18:00:00+01:00` });
  }
  const a = await apiAs(built.app, assoc.user.email, PASSWORD);
  const s = await apiAs(built.app, shop.user.email, PASSWORD);
  const issued = await a.post('/receipts', {
    shopId: shop.org.id,
    periodFrom: '2026-03-01',
    periodTo: '2026-03-31',
  });
  expect(issued.status).toBe(201);
  return { built, app: built.app, shop, assoc, a, s, receipt: issued.body };
}

describe('the receipt as PDF', () => {
  it('is an A4 PDF whose text has every Cerfa 16216 field, for the association and the shop', async () => {
    const { app, a, s, receipt } = await setting();
    for (const token of [a.token!, s.token!]) {
      const res = await api(app, `/receipts/${receipt.id}/pdf`, token);
      const { text, doc } = await pdfText(res);
      const [w, h] = [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()];
      expect([Math.round(w), Math.round(h)]).toEqual([595, 842]);
      for (const field of [
        'Cerfa n° 16216',
        `Reçu n° ${receipt.number}`,
        // the beneficiary: identity, RNA/SIREN, object
        'Épicerie Solidaire du Plateau',
        'RNA W691234567',
        'SIREN 443061841',
        'Aide alimentaire aux personnes en difficulté',
        // the donor: name, SIREN, legal form, address
        'Boulangerie Sathonay',
        '732829320',
        'SARL',
        '12 rue Pasteur, 69580 Sathonay-Camp',
        // amount in figures and in words, the period, the goods with kg and values
        '1 244,50 €',
        'mille deux cent quarante-quatre euros et cinquante centimes',
        'du 1 mars 2026 au 31 mars 2026',
        'Don en nature',
        'Boulangerie : 4 kg',
        'Produits laitiers : 2,5 kg',
        '1 234,50 €',
        '10,00 €',
        // the date of issue
        'Date d’émission : 3 déc. 2026',
      ])
        expect(text).toContain(field);
      expect(text).not.toContain('ANNULÉ');
      expect(text).not.toContain('à compléter');
    }
  });

  it('the mail to the shop’s managers links to the PDF', async () => {
    const { shop, receipt } = await setting();
    const [mail] = await t.db
      .selectFrom('push_deliveries')
      .select(['payload'])
      .where('user_id', '=', shop.user.id)
      .execute();
    const { template, params, links } = mail!.payload as any;
    expect(links.pdf).toBe(`/receipts/${receipt.id}/pdf`);
    const absolute = {
      receipt: `https://sl.test${links.receipt}`,
      pdf: `https://sl.test${links.pdf}`,
    };
    expect(render(template, 'fr', params, absolute).text).toContain(
      `Le reçu en PDF : https://sl.test/receipts/${receipt.id}/pdf`,
    );
    expect(render(template, 'en', params, absolute).text).toContain('The receipt as a PDF: https');
  });

  it('a cancelled receipt says ANNULÉ, with why; in English too', async () => {
    const { app, a, receipt } = await setting();
    await a.post(`/receipts/${receipt.id}/cancel`, { reason: 'Montant erroné' });
    const fr = await pdfText(await api(app, `/receipts/${receipt.id}/pdf`, a.token!));
    expect(fr.text).toContain('ANNULÉ');
    expect(fr.text).toContain('Reçu annulé : Montant erroné');
    const en = await pdfText(await api(app, `/receipts/${receipt.id}/pdf?lang=en`, a.token!));
    expect(en.text).toContain('ANNULÉ (CANCELLED)');
    expect(en.text).toContain(`Receipt no. ${receipt.number}`);
  });

  it('hostile names (quotes, emoji, U+202F, other scripts, very long) give a PDF, not a 500', async () => {
    const long = 'Très-long-nom-sans-espace'.repeat(60);
    const { app, a, receipt } = await setting({
      shop: `L’épi "d'or" <b>&amp; 🥖👨‍👩‍👧 Ŝtraße\u202F50\u00a0%\tOK\nЖук 東京 ${long}`,
      assoc: `Asso « Œuvre » ‘x’ — ${'mot '.repeat(400)}`,
      description: `Pain\u202Fcomplet 🍞 \u0007\u2028 ✓ ${long}`,
    });
    const { text, doc } = await pdfText(await api(app, `/receipts/${receipt.id}/pdf`, a.token!));
    expect(doc.getPageCount()).toBeGreaterThan(1);
    expect(text).toContain('L’épi "d\'or" <b>&amp;');
    expect(text).toContain('Straße 50 % OK ??? ??');
    expect(text).toContain('Asso « Œuvre » ‘x’ —');
    expect(text).toContain('Pain complet');
    expect(text).not.toMatch(/\p{Extended_Pictographic}/u);
    // the long word is cut across lines, none of it lost
    expect(text.replace(/ /g, '')).toContain(long);
  });

  it('is scoped as the receipt is: other association or shop 404, signed out 401 or sign-in', async () => {
    const { app, receipt } = await setting();
    const other = await setting();
    for (const token of [other.a.token!, other.s.token!])
      expect((await api(app, `/receipts/${receipt.id}/pdf`, token)).status).toBe(404);
    expect((await api(app, `/receipts/${receipt.id}/pdf`)).status).toBe(401);
    expect((await api(app, `/receipts/999999999/pdf`, other.a.token!)).status).toBe(404);
    expect((await api(app, `/receipts/abc/pdf`, other.a.token!)).status).toBe(404);
    const anon = await new Client(app).get(`/receipts/${receipt.id}/pdf`);
    expect(anon.status).toBeGreaterThanOrEqual(300);
    expect(anon.status).toBeLessThan(400);
    expect(anon.headers.get('location')).toContain('/signin');
    const intruder = await signedIn(app, other.assoc.user.email);
    expect((await intruder.get(`/receipts/${receipt.id}/pdf`)).status).toBe(404);
  });

  it('the receipt page links to its PDF, which the signed-in site serves', async () => {
    const { app, assoc, shop, receipt } = await setting();
    const c = await signedIn(app, assoc.user.email);
    const page = await (await c.get(`/receipts/${receipt.id}`)).text();
    expect(page).toContain(`href="/receipts/${receipt.id}/pdf"`);
    const { text } = await pdfText(await c.get(`/receipts/${receipt.id}/pdf`));
    expect(text).toContain(`Reçu n° ${receipt.number}`);
    const byShop = await signedIn(app, shop.user.email);
    expect((await byShop.get(`/receipts/${receipt.id}/pdf`)).status).toBe(200);
  });
});

describe('the yearly list of receipts issued (art. 222 bis LPF) as PDF', () => {
  it('lists the year’s receipts, issued and cancelled, with the totals; scoped', async () => {
    const { app, a, assoc, shop, receipt } = await setting();
    await a.post(`/receipts/${receipt.id}/cancel`, { reason: 'Doublon' });
    const again = await a.post('/receipts', {
      shopId: shop.org.id,
      periodFrom: '2026-03-01',
      periodTo: '2026-03-31',
    });
    const c = await signedIn(app, assoc.user.email);
    const list = await (await c.get('/receipts?year=2026')).text();
    expect(list).toContain('href="/receipts/issued.pdf?year=2026"');
    const { text, doc } = await pdfText(await c.get('/receipts/issued.pdf?year=2026'));
    expect(doc.getPage(0).getWidth()).toBeGreaterThan(doc.getPage(0).getHeight());
    expect(text).toContain('Reçus fiscaux émis en 2026 (art. 222 bis du LPF)');
    expect(text).toContain(assoc.org.name);
    expect(text).toContain('1 reçu émis pour 1 244,50 € ; 1 annulé');
    expect(text).toContain(`${receipt.number} 3 déc. 2026 annulé (Doublon)`);
    expect(text).toContain(`${again.body.number} 3 déc. 2026 émis`);
    expect(text).toContain('Boulangerie Sathonay 732829320 SARL');
    // another association sees none of them; another year is empty; a bad year is no 500
    const other = await setting({ assoc: 'Autre Asso' });
    const theirs = await signedIn(app, other.assoc.user.email);
    const them = await pdfText(await theirs.get('/receipts/issued.pdf?year=2026'));
    expect(them.text).not.toContain('Doublon');
    expect(them.text).toContain('1 reçu émis pour 1 244,50 € ; 0 annulé');
    const empty = await pdfText(await c.get('/receipts/issued.pdf?year=2025'));
    expect(empty.text).toContain('Aucun reçu émis cette année.');
    const bad = await c.get('/receipts/issued.pdf?year=20x6');
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    const anon = await new Client(app).get('/receipts/issued.pdf?year=2026');
    expect(anon.headers.get('location')).toContain('/signin');
  });
});
