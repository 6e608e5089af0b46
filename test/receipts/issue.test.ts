import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../../src/mail/templates.js';
import { apiAs, type ApiClient } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import {
  createOrganisation,
  createOrgWithUser,
  createUser,
  PASSWORD,
} from '../helpers/factories.js';
import { unitOf } from '../../src/receipts/periods.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
let app: ReturnType<typeof strictApp>['app'];
let clock: ReturnType<typeof strictApp>['clock'];
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

const approved = {
  rna: 'W691234567',
  purpose: 'Aide alimentaire',
  approval_level: 'regional' as const,
  approval_number: 'R-69-2024-03',
  approval_ends_on: '2028-12-31',
};

/** A shop, an association and what the association took from it on `days` (value 10 EUR each). */
async function pair(days: string[], over: { value?: number | null; assoc?: object } = {}) {
  const built = strictApp(t.db);
  app = built.app;
  clock = built.clock;
  clock.set('2026-12-03T10:00:00+01:00');
  const shop = await createOrgWithUser(t.db, 'shop', {
    name: 'Boulangerie Sathonay',
    siret: '73282932000074',
    siren: '732829320',
    legal_form: 'SARL',
  });
  // one receipt a month, unless a test says otherwise
  const assoc = await createOrgWithUser(t.db, 'association', {
    ...approved,
    receipt_period: 'month',
    ...over.assoc,
  });
  for (const d of days) {
    const don = await createDonation(t.db, {
      shopId: shop.org.id,
      category: 'bakery',
      description: `Pain ${d}`,
      quantity_kg: 4,
      value_eur: over.value === undefined ? 10 : over.value,
      created_at: `${d}T08:00:00+01:00`,
    });
    await markPickedUp(t.db, don.id, { associationId: assoc.org.id, at: `${d}T18:00:00+01:00` });
  }
  const a = await apiAs(app, assoc.user.email, PASSWORD);
  const s = await apiAs(app, shop.user.email, PASSWORD);
  return { shop, assoc, a, s };
}

const issue = (a: ApiClient, shopId: number, periodFrom: string, periodTo: string, extra = {}) =>
  a.post('/receipts', { shopId, periodFrom, periodTo, ...extra });

describe('issuing receipts', () => {
  it('issues a numbered receipt with its amount in words; an overlapping period is 409', async () => {
    const { shop, assoc, a } = await pair(['2026-03-02', '2026-03-20', '2026-04-05']);
    const r = await issue(a, shop.org.id, '2026-03-01', '2026-03-31');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      number: '2026-0001',
      shopId: shop.org.id,
      associationId: assoc.org.id,
      periodFrom: '2026-03-01',
      periodTo: '2026-03-31',
      amountEur: 20,
      amountWords: 'vingt euros',
      status: 'issued',
    });
    expect(r.body.donor).toMatchObject({ siren: '732829320', legalForm: 'SARL' });
    expect(r.body.donee).toMatchObject({ rna: 'W691234567', object: 'Aide alimentaire' });
    // the shop's manager is mailed the receipt, through the outbox, with the issue
    const mail = await t.db
      .selectFrom('push_deliveries')
      .select(['channel', 'message_key', 'payload'])
      .where('user_id', '=', shop.user.id)
      .execute();
    expect(mail.map((m) => [m.channel, m.message_key])).toEqual([
      ['email', `receipt:${r.body.id}`],
    ]);
    expect(JSON.stringify(mail[0]!.payload)).toContain('receipt_issued');
    const again = await issue(a, shop.org.id, '2026-03-01', '2026-03-31');
    expect(again.status).toBe(409);
    const next = await issue(a, shop.org.id, '2026-04-01', '2026-04-30');
    expect(next.body).toMatchObject({ number: '2026-0002', amountEur: 10 });
  });

  it('an issued receipt keeps its amount when a value changes later', async () => {
    const { shop, assoc, a } = await pair(['2026-05-04']);
    const r = await issue(a, shop.org.id, '2026-05-01', '2026-05-31');
    await t.db
      .updateTable('donations')
      .set({ value_eur: 99 })
      .where('shop_id', '=', shop.org.id)
      .execute();
    const got = await a.get(`/receipts/${r.body.id}`);
    expect(got.body).toMatchObject({ amountEur: 10, number: r.body.number });
    expect(assoc.org.id).toBe(got.body.associationId);
  });

  it('cancel then issue again: a new number, both kept, the new one replacing the old', async () => {
    const { shop, a } = await pair(['2026-06-10']);
    const first = await issue(a, shop.org.id, '2026-06-01', '2026-06-30');
    const cancel = await a.post(`/receipts/${first.body.id}/cancel`, { reason: 'Mauvais montant' });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    expect((await a.post(`/receipts/${first.body.id}/cancel`, { reason: 'encore' })).status).toBe(
      409,
    );
    const second = await issue(a, shop.org.id, '2026-06-01', '2026-06-30');
    expect(second.status).toBe(201);
    expect(second.body.number).toBe('2026-0002');
    expect(second.body.replacesId).toBe(first.body.id);
    const list = await a.get('/receipts?year=2026');
    expect(list.body.items.map((i: any) => [i.number, i.status])).toEqual([
      ['2026-0001', 'cancelled'],
      ['2026-0002', 'issued'],
    ]);
  });

  it('50 issues at once: 50 distinct numbers, no gap', async () => {
    // one receipt a month per shop: 5 shops, 10 months each
    const months = Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    const { shop, assoc, a } = await pair(months.map((m) => `${m}-10`));
    const shops = [shop.org];
    for (let i = 0; i < 4; i++) {
      const other = await createOrganisation(t.db, 'shop');
      shops.push(other);
      for (const m of months) {
        const don = await createDonation(t.db, {
          shopId: other.id,
          value_eur: 10,
          created_at: `${m}-10T08:00:00+01:00`,
        });
        await markPickedUp(t.db, don.id, {
          associationId: assoc.org.id,
          at: `${m}-10T18:00:00+01:00`,
        });
      }
    }
    const asks = shops.flatMap((s) => months.map((m) => [s.id, m] as const));
    const res = await Promise.all(
      asks.map(([id, m]) => issue(a, id, `${m}-01`, unitOf('month', `${m}-01`).to)),
    );
    expect(res.map((r) => r.status)).toEqual(asks.map(() => 201));
    const seqs = res.map((r) => Number(r.body.number.slice(5))).sort((x, y) => x - y);
    expect(seqs).toEqual(asks.map((_, i) => i + 1));
  });

  it('the same period asked three times at once: one receipt, two 409, no number spent', async () => {
    const { shop, a } = await pair(['2026-07-07', '2026-08-08']);
    const res = await Promise.all(
      [1, 2, 3].map(() => issue(a, shop.org.id, '2026-07-01', '2026-07-31')),
    );
    expect(res.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const next = await issue(a, shop.org.id, '2026-08-01', '2026-08-31');
    expect(next.body.number).toBe('2026-0002');
  });

  it.each([
    [{ periodFrom: '2026-03-01', periodTo: '2026-02-01' }, 'periodTo'],
    [{ periodFrom: '2026-12-01', periodTo: '2027-01-31' }, 'periodTo'],
    [{ periodFrom: '2026-11-01', periodTo: '2026-12-31' }, 'periodTo'],
    [{ periodFrom: '2026-02-30', periodTo: '2026-03-31' }, 'periodFrom'],
    [{ periodFrom: '1999-01-01', periodTo: '1999-01-02' }, 'periodFrom'],
  ])('bad period %j -> 422 on %s', async (p, field) => {
    const { shop, a } = await pair(['2026-03-02']);
    const r = await a.post('/receipts', { shopId: shop.org.id, ...p });
    expect(r.status).toBe(422);
    expect(Object.keys(r.body.error.fields)).toContain(field);
  });

  it('donations without a cost value: refused until the shop fills it, or left out when asked', async () => {
    const { shop, a } = await pair(['2026-08-03']);
    const blank = await createDonation(t.db, { shopId: shop.org.id, value_eur: null });
    const assocId = (await a.get('/receipts?year=2026')).body; // no receipt yet
    expect(assocId.items).toEqual([]);
    const assoc = await t.db
      .selectFrom('donations')
      .select('claimed_by')
      .where('shop_id', '=', shop.org.id)
      .where('claimed_by', 'is not', null)
      .executeTakeFirstOrThrow();
    await markPickedUp(t.db, blank.id, {
      associationId: assoc.claimed_by!,
      at: '2026-08-04T18:00:00+02:00',
    });
    const refused = await issue(a, shop.org.id, '2026-08-01', '2026-08-31');
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toHaveProperty('withoutValue');
    const without = await issue(a, shop.org.id, '2026-08-01', '2026-08-31', {
      withoutValue: 'exclude',
    });
    expect(without.status).toBe(201);
    expect(without.body).toMatchObject({ number: '2026-0001', amountEur: 10 });
  });

  it('pickups after the approval ended give no receipt', async () => {
    const { shop, a } = await pair(['2026-02-10', '2026-03-10'], {
      assoc: { approval_ends_on: '2026-02-28', receipt_period: 'quarter' },
    });
    const r = await issue(a, shop.org.id, '2026-01-01', '2026-03-31');
    expect(r.body.amountEur).toBe(10);
    const none = await issue(a, shop.org.id, '2026-01-01', '2026-03-31');
    expect(none.status).toBe(409); // the same quarter again
  });

  it('scoping: the shop sees receipts made out to it; another shop, association or a member cannot issue or see', async () => {
    const { shop, assoc, a, s } = await pair(['2026-09-09']);
    const r = await issue(a, shop.org.id, '2026-09-01', '2026-09-30');
    expect((await s.get('/receipts?year=2026')).body.items.map((i: any) => i.id)).toEqual([
      r.body.id,
    ]);
    expect((await s.post(`/receipts/${r.body.id}/cancel`, { reason: 'non' })).status).toBe(403);
    expect((await issue(s, shop.org.id, '2026-10-01', '2026-10-31')).status).toBe(403);
    const other = await createOrgWithUser(t.db, 'association', approved);
    const o = await apiAs(app, other.user.email, PASSWORD);
    expect((await o.get('/receipts?year=2026')).body.items).toEqual([]);
    expect((await o.get(`/receipts/${r.body.id}`)).status).toBe(404);
    expect((await o.post(`/receipts/${r.body.id}/cancel`, { reason: 'non' })).status).toBe(404);
    const member = await createUser(t.db, { organisationId: assoc.org.id, role: 'member' });
    const m = await apiAs(app, member.email, PASSWORD);
    expect((await issue(m, shop.org.id, '2026-10-01', '2026-10-31')).status).toBe(403);
    expect((await m.get('/receipts?year=2026')).body.items).toHaveLength(1);
    expect((await a.get('/receipts?year=twenty')).status).toBe(422);
  });
});

describe('the receipt mail, in the recipient’s language', () => {
  it('writes the period and the amount for each language, from the same params', () => {
    const params = {
      number: '2026-0001',
      association: 'Épicerie',
      from: '2026-03-01',
      to: '2026-03-31',
      amount: 12.5,
    };
    const links = { receipt: 'https://x.example/receipts/1' };
    expect(render('receipt_issued', 'fr', params, links).text).toContain(
      'pour vos dons du 1 mars 2026 au 31 mars 2026 : 12,50\u00a0€.',
    );
    expect(render('receipt_issued', 'en', params, links).text).toContain(
      'for your donations from 1 March 2026 to 31 March 2026: €12.50.',
    );
    // a message queued before, with French words in its params, is still sent
    const old = { ...params, from: '01/03/2026', to: '31/03/2026', amount: '12,50' };
    expect(render('receipt_issued', 'fr', old, links).text).toContain(
      'du 01/03/2026 au 31/03/2026 : 12,50 €.',
    );
  });
});
