import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localizedCsv } from '../../src/shared/csv.js';
import { CSV_TABLES } from '../../src/stats/csv.js';
import { buildApp, signedIn } from '../helpers/app.js';
import { parseCsv, readCsvExport } from '../helpers/csv.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser } from '../helpers/factories.js';
import { createProducerOrg, createWithdrawal } from '../helpers/withdrawal-factories.js';

let t: TestDatabase;
let app: ReturnType<typeof buildApp>['app'];
beforeAll(async () => {
  t = await openTestDatabase();
  app = buildApp(t.db).app;
});
afterAll(async () => t?.close());

describe('the shared CSV writer', () => {
  const cols = [
    { fr: 'Nom', en: 'Name', cell: (r: { n: string; kg: number; ok: boolean }) => r.n },
    { fr: 'Poids (kg)', en: 'Weight (kg)', cell: (r: { kg: number }) => r.kg, decimals: 2 },
    { fr: 'Reçu', en: 'Received', cell: (r: { ok: boolean }) => r.ok },
  ];
  const rows = [
    { n: 'Pommes; poires', kg: 12.5, ok: true },
    { n: 'Dupont, fils', kg: -3, ok: false },
  ];
  it('French: BOM, semicolons, decimal commas, oui/non, French headers', () => {
    const s = localizedCsv('fr', cols, rows);
    expect(s.startsWith('\ufeff')).toBe(true);
    expect(parseCsv(s, ';')).toEqual([
      ['Nom', 'Poids (kg)', 'Reçu'],
      ['Pommes; poires', '12,50', 'oui'],
      ['Dupont, fils', '-3,00', 'non'],
    ]);
  });
  it('English: BOM, commas, decimal points, yes/no, the same columns', () => {
    const s = localizedCsv('en', cols, rows);
    expect(s.startsWith('\ufeff')).toBe(true);
    expect(parseCsv(s, ',')).toEqual([
      ['Name', 'Weight (kg)', 'Received'],
      ['Pommes; poires', '12.50', 'yes'],
      ['Dupont, fils', '-3.00', 'no'],
    ]);
  });
});

describe('every CSV export opens in French and English spreadsheets', () => {
  it('has a BOM, its language’s separator and headers, the same columns in both, rows as wide', async () => {
    const admin = await createUser(t.db, { isAdmin: true });
    const shop = await createOrgWithUser(t.db, 'shop', { name: 'Boulangerie Dupont' });
    const assoc = await createOrgWithUser(t.db, 'association', { name: 'Épicerie du Coin' });
    const d = await createDonation(t.db, { shopId: shop.org.id, value_eur: 12.5 });
    await markPickedUp(t.db, d.id, {
      associationId: assoc.org.id,
      at: '2026-11-20T10:00:00+01:00',
      quality: 'poor',
      issues: 'abîmé',
      receivedKg: 2.5,
    });
    const po = await createProducerOrg(t.db);
    await createWithdrawal(t.db, {
      producerOrgId: po.org.id,
      associationId: assoc.org.id,
      quantityKg: 100.5,
      receivedKg: 100.5,
      date: '2026-11-20',
    });
    const YEAR = 'period=custom&from=2026-01-01&to=2026-12-31';
    const exports: [string, string][] = [
      ...CSV_TABLES.map((table): [string, string] => [
        admin.email,
        `/dashboard.csv?table=${table}&${YEAR}`,
      ]),
      [shop.user.email, `/quality.csv?${YEAR}`],
      [assoc.user.email, `/receipts.csv?shop=${shop.org.id}&association=${assoc.org.id}&year=2026`],
      [assoc.user.email, '/receipts/issued.csv?year=2026'],
      [po.user.email, '/withdrawals.csv?campaign=2026'],
      [shop.user.email, `/records.csv?from=2026-11-01&to=2026-11-30`],
      [assoc.user.email, `/donations/${d.id}/record.csv`],
    ];
    for (const [email, path] of exports) {
      const c = await signedIn(app, email);
      const [fr, en] = [
        await readCsvExport(await c.get(`${path}${path.includes('?') ? '&' : '?'}lang=fr`), 'fr'),
        await readCsvExport(await c.get(`${path}${path.includes('?') ? '&' : '?'}lang=en`), 'en'),
      ];
      for (const x of [fr, en]) {
        expect(x.contentType, path).toContain('text/csv; charset=utf-8');
        expect(x.bom, path).toBe(true);
        // each row as wide as the headers: the separator was the one the reader was told
        expect(
          x.widths.every((w) => w === x.headers.length),
          `${path} ${x.widths}`,
        ).toBe(true);
      }
      expect(fr.headers.length, path).toBe(en.headers.length);
      expect(fr.headers.length, path).toBeGreaterThan(1);
      expect(fr.rows.length, path).toBe(en.rows.length);
      expect(fr.headers, path).not.toEqual(en.headers); // French headers in French
    }
    const c = await signedIn(app, po.user.email);
    const fr = await readCsvExport(await c.get('/withdrawals.csv?campaign=2026&lang=fr'), 'fr');
    expect(fr.rows[0]).toMatchObject({ 'Retiré (kg)': '100,50', 'Reçu (kg)': '100,50' });
    const en = await readCsvExport(await c.get('/withdrawals.csv?campaign=2026&lang=en'), 'en');
    expect(en.rows[0]).toMatchObject({ 'Withdrawn (kg)': '100.50', 'Received (kg)': '100.50' });
  });
});
