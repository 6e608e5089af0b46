import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp, markRefused } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser } from '../helpers/factories.js';

let t: TestDatabase;
let app: ReturnType<typeof buildApp>['app'];
let shop: Awaited<ReturnType<typeof createOrgWithUser>>;
let assoc: Awaited<ReturnType<typeof createOrgWithUser>>;
let other: Awaited<ReturnType<typeof createOrgWithUser>>;
let admin: Awaited<ReturnType<typeof createUser>>;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await openTestDatabase();
  const built = buildApp(t.db);
  built.clock.set('2027-01-15T10:00:00+01:00');
  app = built.app;
  shop = await createOrgWithUser(t.db, 'shop', {
    name: 'Épicerie du Marché',
    address: '3 place Sathonay',
    postcode: '69001',
    town: 'Lyon',
  });
  assoc = await createOrgWithUser(t.db, 'association', {
    name: 'Restos Solidaires',
    address: '10 rue Burdeau',
    postcode: '69001',
    town: 'Lyon',
  });
  other = await createOrgWithUser(t.db, 'shop', { name: 'Autre commerce' });
  admin = await createUser(t.db, { isAdmin: true });
  const give = async (
    key: string,
    o: {
      value?: number | null;
      kind?: 'use_by' | 'best_before' | null;
      date?: string | null;
      at: string;
      kg?: number;
    },
  ) => {
    const d = await createDonation(t.db, {
      shopId: shop.org.id,
      category: 'dairy',
      description: `Yaourts ${key}`,
      quantity_kg: o.kg ?? 2,
      value_eur: o.value ?? null,
      date_kind: o.kind ?? null,
      product_date: o.date ?? null,
      created_at: '2026-03-01T08:00:00+01:00',
    });
    await markPickedUp(t.db, d.id, { associationId: assoc.org.id, at: o.at });
    ids[key] = d.id;
  };
  // use-by 10 March: its last three days are 8, 9 and 10 March (Paris days)
  await give('r1', {
    value: 40,
    kind: 'use_by',
    date: '2026-03-10',
    at: '2026-03-07T23:30:00+01:00',
  }); // D-3: 100 %
  await give('r2', {
    value: 40,
    kind: 'use_by',
    date: '2026-03-10',
    at: '2026-03-08T00:30:00+01:00',
  }); // D-2: 50 % (still 7 March in UTC)
  await give('r3', {
    value: 12.35,
    kind: 'use_by',
    date: '2026-03-10',
    at: '2026-03-10T18:00:00+01:00',
  }); // D: 50 % -> 6.18
  await give('r4', {
    value: null,
    kind: 'use_by',
    date: '2026-03-20',
    at: '2026-03-10T18:00:00+01:00',
    kg: 3,
  }); // no value
  await give('r5', {
    value: 100,
    kind: 'best_before',
    date: '2026-01-01',
    at: '2026-06-01T10:00:00+02:00',
  }); // 100 %
  await give('r6', { value: 1000, at: '2025-12-31T23:30:00+01:00' }); // previous year in Paris
  const refused = await createDonation(t.db, {
    shopId: shop.org.id,
    value_eur: 500,
    created_at: '2026-03-01T08:00:00+01:00',
  });
  await markRefused(t.db, refused.id, {
    associationId: assoc.org.id,
    at: '2026-03-02T10:00:00+01:00',
  });
});
afterAll(async () => t?.close());

const as = (email: string) => signedIn(app, email);

describe('tax receipt data', () => {
  it('lists the year per association with the 50 % rule at its edges and the total in words', async () => {
    const c = await as(shop.user.email);
    const res = await c.get('/receipts?year=2026&lang=en');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Restos Solidaires');
    const row = (key: string) =>
      html.match(new RegExp(`<tr data-donation="${ids[key]}">(.*?)</tr>`, 's'))?.[1] ?? '';
    expect(row('r1')).toMatch(/€40\.00<\/td><td>100%<\/td><td>€40\.00/);
    expect(row('r2')).toMatch(
      /<td>8 Mar 2026<\/td>.*€40\.00<\/td><td>50% \(use-by within its last 3 days\)<\/td><td>€20\.00/s,
    );
    expect(row('r3')).toMatch(/€12\.35<\/td><td>50%.*<td>€6\.18/s);
    // the shop is offered to fill the missing cost value
    expect(row('r4')).toMatch(/name="valueEur".*<td>no value, no receipt<\/td><td>—<\/td>/s);
    expect(row('r5')).toMatch(/€100\.00<\/td><td>100%<\/td><td>€100\.00/);
    expect(html).not.toContain(`data-donation="${ids.r6}"`);
    expect(html).toContain('5 donations, 11 kg');
    expect(html).toContain('Total: €166.18');
    expect(html).toContain('1 donation without cost value (not counted)');
    expect(html).toContain('cent soixante-six euros et dix-huit centimes');
    const csv = await (
      await c.get(`/receipts.csv?shop=${shop.org.id}&association=${assoc.org.id}&year=2026&lang=en`)
    ).text();
    expect(csv.trim().split('\r\n').at(-1)).toBe('Total,,,,11.00,,,,,,166.18');
    expect(csv).toContain(
      `${ids.r2},2026-03-08,dairy,Yaourts r2,2.00,use_by,2026-03-10,40.00,0.5,half_last_days,20.00`,
    );
  });

  it('gives the association a printable receipt with the fields of Cerfa 16216', async () => {
    const c = await as(assoc.user.email);
    const list = await (await c.get('/receipts?year=2026')).text();
    expect(list).toContain('Épicerie du Marché');
    const res = await c.get(
      `/receipts/print?shop=${shop.org.id}&association=${assoc.org.id}&year=2026`,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const s of [
      'Cerfa n° 16216',
      'Restos Solidaires',
      '10 rue Burdeau, 69001 Lyon',
      'Épicerie du Marché',
      '3 place Sathonay',
      'Don en nature',
      'cent soixante-six euros et dix-huit centimes',
      'du 1 janv. 2026 au 31 déc. 2026',
      'Produits laitiers : 11 kg',
      'prix de revient',
      '238 bis',
    ])
      expect(html).toContain(s);
    expect(html).toMatch(/id="amount">166,18\s€/);
  });

  it('shows nothing of it to another shop, and 404 on its receipt', async () => {
    const c = await as(other.user.email);
    expect(await (await c.get('/receipts?year=2026')).text()).not.toContain('Restos Solidaires');
    expect(
      (await c.get(`/receipts/print?shop=${shop.org.id}&association=${assoc.org.id}&year=2026`))
        .status,
    ).toBe(404);
    expect(
      (await c.get(`/receipts.csv?shop=${shop.org.id}&association=${assoc.org.id}&year=2026`))
        .status,
    ).toBe(404);
    const a = await as(admin.email);
    expect(
      (await a.get(`/receipts/print?shop=${shop.org.id}&association=${assoc.org.id}&year=2026`))
        .status,
    ).toBe(200);
    expect((await (await as(shop.user.email)).get('/receipts?year=twenty')).status).toBe(422);
  });

  it('counts the previous year on its own receipt', async () => {
    // default: the current year (2027 in January 2027), not the last one
    const html = await (await (await as(shop.user.email)).get('/receipts')).text();
    expect(html).toContain('value="2027"');
    expect(html).not.toContain('Total : 166,18');
    const y2025 = await (await (await as(shop.user.email)).get('/receipts?year=2025')).text();
    expect(y2025).toContain('mille euros');
  });
});
