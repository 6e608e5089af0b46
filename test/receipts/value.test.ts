import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptValue } from '../../src/receipts/value.js';
import { Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { donationForm } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

describe('receipt value rules (art. 238 bis CGI)', () => {
  // use-by 10 March: its last three days are 8, 9 and 10 March (Paris days of the pickup)
  it.each([
    ['use_by', '2026-03-10', '2026-03-07', false, 1, 'full'],
    ['use_by', '2026-03-10', '2026-03-08', false, 0.5, 'half_last_days'],
    ['use_by', '2026-03-10', '2026-03-10', false, 0.5, 'half_last_days'],
    ['use_by', '2026-03-10', '2026-03-11', false, 0, 'past_use_by'],
    ['use_by', '2026-03-10', '2026-03-07', true, 0.5, 'half_not_sellable'],
    ['use_by', '2026-03-10', '2026-03-09', true, 0.5, 'half_last_days'],
    ['best_before', '2026-01-01', '2026-03-07', false, 1, 'full'],
    ['best_before', '2026-01-01', '2026-03-07', true, 0.5, 'half_not_sellable'],
    [null, null, '2026-03-07', true, 0.5, 'half_not_sellable'],
    [null, null, '2026-03-07', false, 1, 'full'],
  ] as const)('%s %s taken %s, not sellable %s -> %s (%s)', (kind, date, day, ns, rate, rule) => {
    const v = receiptValue({
      value_eur: 12.35,
      date_kind: kind,
      product_date: date,
      pickupDay: day,
      not_sellable: ns,
    });
    expect(v).toEqual({ rate, rule, valueEur: Math.round(1235 * rate) / 100 });
  });
});

describe('the not-sellable flag at posting', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(async () => t?.close());
  useNoServerErrors();

  it('is stored from the form, and the form says a donation without value gives no receipt', async () => {
    const { app } = strictApp(t.db);
    const shop = await createOrgWithUser(t.db, 'shop');
    const c = new Client(app);
    await c.signIn(shop.user.email, PASSWORD);
    const page = await (await c.get('/donations/new')).text();
    expect(page).toContain('sans valeur, pas de reçu fiscal');
    expect(page).toContain('name="notSellable"');
    const res = await c.post('/donations', donationForm({ valueEur: '8', notSellable: 'on' }));
    expect(res.status).toBe(303);
    const plain = await c.post('/donations', donationForm({ valueEur: '8' }));
    expect(plain.status).toBe(303);
    const rows = await t.db
      .selectFrom('donations')
      .select(['not_sellable'])
      .where('shop_id', '=', shop.org.id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.not_sellable)).toEqual([true, false]);
  });
});
