import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

async function setting() {
  const built = strictApp(t.db);
  built.clock.set('2026-12-03T10:00:00+01:00');
  const shop = await createOrgWithUser(t.db, 'shop', {
    name: 'Fromagerie Croix-Rousse',
    siret: '73282932000074',
    siren: '732829320',
    legal_form: 'SAS',
  });
  const assoc = await createOrgWithUser(t.db, 'association', {
    name: 'Épicerie Solidaire du Plateau',
    rna: 'W691234567',
    siren: '443061841',
    purpose: 'Aide alimentaire aux personnes en difficulté',
    approval_level: 'regional',
    approval_number: 'R-69-2024-03',
    approval_ends_on: '2028-12-31',
    receipt_period: 'month',
  });
  const give = async (value: number | null, at: string) => {
    const d = await createDonation(t.db, {
      shopId: shop.org.id,
      category: 'dairy',
      description: 'Comté 18 mois',
      quantity_kg: 3,
      value_eur: value,
    });
    await markPickedUp(t.db, d.id, { associationId: assoc.org.id, at });
    return d;
  };
  const sign = async (email: string) => {
    const c = new Client(built.app);
    await c.signIn(email, PASSWORD);
    return c;
  };
  return {
    built,
    shop,
    assoc,
    give,
    a: await sign(assoc.user.email),
    s: await sign(shop.user.email),
  };
}

describe('receipts on the site', () => {
  it('opens on the current year; the association issues a receipt whose Cerfa page is complete', async () => {
    const { shop, give, a } = await setting();
    await give(45.5, '2026-10-12T17:00:00+02:00');
    const page = await (await a.get('/receipts')).text();
    expect(page).toContain('value="2026"');
    expect(page).toContain('Émettre le reçu');
    // the association makes out one receipt a month: the months ended this year, to choose from
    expect(page).toContain('un reçu par commerce et par mois');
    expect(page).toContain('value="2026-10-01/2026-10-31"');
    expect(page).toContain('value="2026-11-01/2026-11-30"');
    expect(page).not.toContain('value="2026-12-01/2026-12-31"'); // not over yet
    const future = await a.post('/receipts/issue', {
      shopId: String(shop.org.id),
      periodFrom: '2026-12-01',
      periodTo: '2026-12-31',
    });
    expect(future.status).toBe(422);
    expect(await future.text()).toContain('ne peut pas finir après aujourd’hui');
    const notAMonth = await a.post('/receipts/issue', {
      shopId: String(shop.org.id),
      periodFrom: '2026-01-01',
      periodTo: '2026-12-03',
    });
    expect(notAMonth.status).toBe(422);
    expect(await notAMonth.text()).toContain('un reçu par mois : la période est un mois entier');
    const res = await a.post('/receipts/issue', {
      shopId: String(shop.org.id),
      period: '2026-10-01/2026-10-31',
    });
    expect(res.status).toBe(303);
    const list = await (await a.get('/receipts?year=2026')).text();
    const id = list.match(/href="\/receipts\/(\d+)">Reçu n° 2026-0001/)?.[1];
    expect(id).toBeTruthy();
    const cerfa = await (await a.get(`/receipts/${id}`)).text();
    for (const s of [
      'id="number">2026-0001',
      'id="donee-id">RNA W691234567 · SIREN 443061841',
      'id="donee-object">Aide alimentaire aux personnes en difficulté',
      'id="donor-siren">732829320',
      'id="donor-form">SAS',
      'Fromagerie Croix-Rousse',
      'Comté 18 mois',
      'Produits laitiers : 3 kg',
      'quarante-cinq euros et cinquante centimes',
      'du 1 oct. 2026 au 31 oct. 2026',
    ])
      expect(cerfa).toContain(s);
    expect(cerfa).not.toContain('à compléter');
    expect(cerfa).not.toContain('id="draft"');
    // the same period again: refused, said on the page
    const again = await a.post('/receipts/issue', {
      shopId: String(shop.org.id),
      periodFrom: '2026-10-01',
      periodTo: '2026-10-31',
    });
    expect(again.status).toBe(409);
    const refusedAgain = await again.text();
    expect(refusedAgain).toContain('Un reçu émis couvre déjà une partie de cette période');
    // the month issued is no longer offered
    expect(refusedAgain).not.toContain('value="2026-10-01/2026-10-31"');
    // the shop sees it, cannot issue
    const s = await (await setting()).s.get('/receipts?year=2026');
    expect(await s.text()).not.toContain('2026-0001');
  });

  it('cancel with a reason, issue again: a new number, the old one kept and marked', async () => {
    const { shop, give, a } = await setting();
    await give(10, '2026-11-05T17:00:00+01:00');
    const fields = {
      shopId: String(shop.org.id),
      periodFrom: '2026-11-01',
      periodTo: '2026-11-30',
    };
    await a.post('/receipts/issue', fields);
    const id = (await (await a.get('/receipts?year=2026')).text()).match(
      /href="\/receipts\/(\d+)">Reçu n° 2026-0001/,
    )![1];
    expect((await a.post(`/receipts/${id}/cancel`, { reason: '' })).status).toBe(422);
    expect((await a.post(`/receipts/${id}/cancel`, { reason: 'Erreur de période' })).status).toBe(
      303,
    );
    expect((await a.post('/receipts/issue', fields)).status).toBe(303);
    const list = await (await a.get('/receipts?year=2026')).text();
    expect(list).toMatch(/data-receipt="2026-0001".*annulé.*Erreur de période/s);
    expect(list).toMatch(/data-receipt="2026-0002".*émis/s);
    expect(await (await a.get(`/receipts/${id}`)).text()).toContain(
      'Reçu annulé : Erreur de période',
    );
    // the year's statement: both receipts, from what was frozen
    const csv = await (await a.get('/receipts/issued.csv?year=2026&lang=en')).text();
    const rows = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(rows[0]!.slice(0, 5)).toEqual(['Number', 'Issued on', 'Status', 'Donor', 'Donor SIREN']);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[4], r[9]])).toEqual([
      ['2026-0001', 'cancelled', '732829320', '10.00'],
      ['2026-0002', 'issued', '732829320', '10.00'],
    ]);
    const other = await setting();
    const none = await (await other.a.get('/receipts/issued.csv?year=2026')).text();
    expect(none.trim().split('\r\n')).toHaveLength(1);
  });

  it('a donation without value: flagged, refused at issue, filled by the shop, then issued', async () => {
    const { shop, assoc, give, a, s } = await setting();
    const d = await give(null, '2026-09-01T17:00:00+02:00');
    const fields = {
      shopId: String(shop.org.id),
      periodFrom: '2026-09-01',
      periodTo: '2026-09-30',
    };
    const shopPage = await (await s.get('/receipts?year=2026')).text();
    expect(shopPage).toContain('sans valeur, pas de reçu');
    const refused = await a.post('/receipts/issue', fields);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('n’ont pas de prix de revient');
    // another shop cannot fill it
    const other = await createOrgWithUser(t.db, 'shop');
    const o = new Client((await setting()).built.app);
    await o.signIn(other.user.email, PASSWORD);
    expect(
      (await o.post('/receipts/value', { donationId: String(d.id), valueEur: '5' })).status,
    ).toBe(404);
    expect(
      (await s.post('/receipts/value', { donationId: String(d.id), valueEur: '-2' })).status,
    ).toBe(422);
    expect(
      (await s.post('/receipts/value', { donationId: String(d.id), valueEur: '12,40' })).status,
    ).toBe(303);
    expect((await a.post('/receipts/issue', fields)).status).toBe(303);
    const r = await t.db
      .selectFrom('receipts')
      .selectAll()
      .where('association_id', '=', assoc.org.id)
      .executeTakeFirstOrThrow();
    expect(Number(r.amount_eur)).toBe(12.4);
  });
});

describe('the shop’s tax reduction estimate', () => {
  it('from the receipts issued to it, with its turnover; a bad turnover is said', async () => {
    const { shop, give, a, s } = await setting();
    await give(25_000, '2026-04-01T17:00:00+02:00');
    await a.post('/receipts/issue', {
      shopId: String(shop.org.id),
      periodFrom: '2026-04-01',
      periodTo: '2026-04-30',
    });
    const floor = await (await s.get('/receipts?year=2026')).text();
    expect(floor).toMatch(
      /id="reduction-total"><strong>Réduction estimée pour 2026 : 12\s000,00\s€/,
    );
    const big = await (await s.get('/receipts?year=2026&turnover=6 000 000')).text();
    expect(big).toMatch(/Réduction estimée pour 2026 : 15\s000,00\s€/);
    const bad = await s.get('/receipts?year=2026&turnover=beaucoup');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Saisissez le chiffre d’affaires en euros');
    expect(await (await a.get('/receipts?year=2026')).text()).not.toContain('id="reduction"');
  });
});
