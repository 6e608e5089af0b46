import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';
import { endedUnits, isWholeUnit, unitOf } from '../../src/receipts/periods.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

describe('the periods an association makes out receipts for', () => {
  it.each([
    ['month', '2026-02-14', '2026-02-01', '2026-02-28'],
    ['month', '2024-02-29', '2024-02-01', '2024-02-29'],
    ['month', '2026-12-31', '2026-12-01', '2026-12-31'],
    ['quarter', '2026-01-01', '2026-01-01', '2026-03-31'],
    ['quarter', '2026-05-31', '2026-04-01', '2026-06-30'],
    ['quarter', '2026-09-30', '2026-07-01', '2026-09-30'],
    ['quarter', '2026-10-01', '2026-10-01', '2026-12-31'],
    ['year', '2026-07-14', '2026-01-01', '2026-12-31'],
  ] as const)('%s holding %s: %s to %s', (kind, day, from, to) => {
    expect(unitOf(kind, day)).toEqual({ from, to });
    expect(isWholeUnit(kind, from, to)).toBe(true);
  });

  it.each([
    ['month', '2026-03-01', '2026-03-30'],
    ['month', '2026-03-02', '2026-03-31'],
    ['month', '2026-03-01', '2026-04-30'],
    ['quarter', '2026-01-01', '2026-02-28'],
    ['quarter', '2026-02-01', '2026-04-30'],
    ['year', '2026-01-01', '2026-12-30'],
    ['year', '2026-01-02', '2026-12-31'],
  ] as const)('%s: %s to %s is not one whole period', (kind, from, to) => {
    expect(isWholeUnit(kind, from, to)).toBe(false);
  });

  it('offers the periods of the year that have ended by today (one ending today included)', () => {
    expect(endedUnits('month', 2026, '2026-03-31').map((u) => u.to)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
    ]);
    expect(endedUnits('quarter', 2026, '2026-12-03').map((u) => u.from)).toEqual([
      '2026-01-01',
      '2026-04-01',
      '2026-07-01',
    ]);
    expect(endedUnits('year', 2026, '2026-12-03')).toEqual([]);
    expect(endedUnits('year', 2025, '2026-12-03')).toEqual([
      { from: '2025-01-01', to: '2025-12-31' },
    ]);
    expect(endedUnits('month', 2026, '2025-06-01')).toEqual([]);
  });
});

/** A shop and an association that took something from it on the 10th of each month of 2026 so far. */
async function pair() {
  const built = strictApp(t.db);
  built.clock.set('2026-12-03T10:00:00+01:00');
  const shop = await createOrgWithUser(t.db, 'shop', { name: 'Primeur Sathonay' });
  const assoc = await createOrgWithUser(t.db, 'association', {
    name: 'Restos du Plateau',
    rna: 'W691234567',
    approval_level: 'law',
  });
  for (let m = 1; m <= 11; m++) {
    const day = `2026-${String(m).padStart(2, '0')}-10`;
    const d = await createDonation(t.db, {
      shopId: shop.org.id,
      value_eur: 10,
      created_at: `${day}T08:00:00+01:00`,
    });
    await markPickedUp(t.db, d.id, { associationId: assoc.org.id, at: `${day}T18:00:00+01:00` });
  }
  const a = await apiAs(built.app, assoc.user.email, PASSWORD);
  return { built, shop, assoc, a };
}

describe('the association chooses its receipt period; issuing follows it', () => {
  it('by the API: a year by default, then a quarter; a period that is not one is 422, overlap 409', async () => {
    const { shop, assoc, a } = await pair();
    const issue = (periodFrom: string, periodTo: string) =>
      a.post('/receipts', { shopId: shop.org.id, periodFrom, periodTo });
    expect((await a.get(`/organisations/${assoc.org.id}`)).body.receiptPeriod).toBe('year');
    // a year: a month is refused, the year 2026 is not over
    const month = await issue('2026-03-01', '2026-03-31');
    expect([month.status, month.body.error.fields]).toEqual([
      422,
      {
        periodFrom: expect.stringContaining('one receipt per year: the period runs from 1 January'),
      },
    ]);
    expect((await issue('2026-01-01', '2026-12-31')).status).toBe(422); // ends after today

    const bad = await a.patch(`/organisations/${assoc.org.id}`, { receiptPeriod: 'week' });
    expect([bad.status, Object.keys(bad.body.error.fields)]).toEqual([422, ['receiptPeriod']]);
    const set = await a.patch(`/organisations/${assoc.org.id}`, { receiptPeriod: 'quarter' });
    expect([set.status, set.body.receiptPeriod]).toEqual([200, 'quarter']);

    expect((await issue('2026-03-01', '2026-03-31')).status).toBe(422);
    expect((await issue('2026-02-01', '2026-04-30')).status).toBe(422);
    const q1 = await issue('2026-01-01', '2026-03-31');
    expect([q1.status, q1.body.amountEur, q1.body.number]).toEqual([201, 30, '2026-0001']);
    expect((await issue('2026-01-01', '2026-03-31')).status).toBe(409);
    // back to months: a month inside the quarter issued overlaps it, the next one is free
    await a.patch(`/organisations/${assoc.org.id}`, { receiptPeriod: 'month' });
    expect((await issue('2026-02-01', '2026-02-28')).status).toBe(409);
    const april = await issue('2026-04-01', '2026-04-30');
    expect([april.status, april.body.amountEur, april.body.number]).toEqual([201, 10, '2026-0002']);
  });

  it('on its profile: the choice is saved, and the receipts page offers its periods', async () => {
    const { built, assoc } = await pair();
    const c = new Client(built.app);
    await c.signIn(assoc.user.email, PASSWORD);
    const form = await (await c.get(`/organisations/${assoc.org.id}`)).text();
    expect(form).toMatch(/<select id="f-receiptPeriod" name="receiptPeriod"/);
    const profile = (receiptPeriod: string) => ({
      profileForm: 'association',
      name: 'Restos du Plateau',
      address: '5 rue Dumenge',
      postcode: '69004',
      town: 'Lyon',
      lat: '45.7765',
      lng: '4.8275',
      radiusKm: '5',
      pickupDays: '1',
      rna: 'W691234567',
      approvalLevel: 'law',
      receiptPeriod,
    });
    const wrong = await c.post(`/organisations/${assoc.org.id}`, profile('fortnight'));
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toMatch(/id="f-receiptPeriod-err"/);
    expect((await c.post(`/organisations/${assoc.org.id}`, profile('quarter'))).status).toBe(303);
    const row = await t.db
      .selectFrom('organisations')
      .select('receipt_period')
      .where('id', '=', assoc.org.id)
      .executeTakeFirstOrThrow();
    expect(row.receipt_period).toBe('quarter');
    const page = await (await c.get('/receipts?year=2026')).text();
    expect(page).toContain('un reçu par commerce et par trimestre');
    expect(page.match(/<option value="2026-\d\d-01\/2026-\d\d-\d\d"/g)).toEqual([
      '<option value="2026-01-01/2026-03-31"',
      '<option value="2026-04-01/2026-06-30"',
      '<option value="2026-07-01/2026-09-30"',
    ]);
  });
});
