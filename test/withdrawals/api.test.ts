import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp, type ApiClient } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { createProducerOrg, createWithdrawal } from '../helpers/withdrawal-factories.js';

let t: TestDatabase;
let app: ReturnType<typeof buildApp>['app'];
const as: Record<string, ApiClient> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await openTestDatabase();
  app = buildApp(t.db).app; // the clock says 2026-11-27
  const po = await createProducerOrg(t.db, { marketedKg: 100_000 }); // ceiling 5,000 kg
  const otherPo = await createProducerOrg(t.db);
  const assoc = await createOrgWithUser(t.db, 'association', { name: 'Restos du Cœur Lyon' });
  const otherAssoc = await createOrgWithUser(t.db, 'association');
  const unapproved = await createOrgWithUser(t.db, 'association', { approved: false });
  const shop = await createOrgWithUser(t.db, 'shop');
  const admin = await createUser(t.db, { isAdmin: true });
  Object.assign(ids, {
    po: po.org.id,
    otherPo: otherPo.org.id,
    assoc: assoc.org.id,
    otherAssoc: otherAssoc.org.id,
    unapproved: unapproved.org.id,
    shop: shop.org.id,
  });
  for (const [k, u] of Object.entries({
    po: po.user,
    otherPo: otherPo.user,
    assoc: assoc.user,
    otherAssoc: otherAssoc.user,
    shop: shop.user,
    admin,
  }))
    as[k] = await apiAs(app, u.email, PASSWORD);
});
afterAll(async () => t?.close());

const valid = (over: Record<string, unknown> = {}) => ({
  product: 'carrots',
  quantityKg: 400,
  date: '2026-11-20',
  associationId: ids.assoc,
  certificateNumber: 'FAM-2026-0042',
  ...over,
});
const count = async () =>
  Number(
    (
      await t.db
        .selectFrom('withdrawals')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const snapshot = () => t.db.selectFrom('withdrawals').selectAll().orderBy('id').execute();

describe('withdrawal API: the contract', () => {
  it('lists the rates with CN codes, periods and source', async () => {
    const res = await as.assoc.get('/withdrawal-rates');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(15);
    expect(res.body.items.find((r: any) => r.product === 'carrots')).toMatchObject({
      cnCode: '0706 10 00',
      eurPer100Kg: 12.81,
      validFrom: '2014-01-01',
      validTo: null,
      source: '2014 and 2017-18 exceptional-support acts, to be confirmed by the operator',
    });
    expect(res.body.flatAmounts).toMatchObject({
      transportEurPer100Kg: null,
      sortingPackingEurPer100Kg: null,
    });
  });

  it('records, confirms on the kg received, and lists with totals and the ceiling', async () => {
    const created = await as.po.post('/withdrawals', valid());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'pending_receipt',
      compensation: { eurPer100Kg: 12.81, flatEur: 0, amountEur: 0, expectedAmountEur: 51.24 },
    });
    expect(typeof created.body.id).toBe('number');

    const receipt = await as.assoc.post(`/withdrawals/${created.body.id}/receipt`, {
      receivedKg: 380.5,
    });
    expect(receipt.status).toBe(200);
    expect(receipt.body).toMatchObject({
      status: 'received',
      compensation: { eurPer100Kg: 12.81, flatEur: 0, amountEur: 48.74 },
    }); // 3.805 x 12.81 = 48.74205

    const list = await as.po.get('/withdrawals?campaign=2026');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      totals: { kg: 380.5, amountEur: 48.74 },
      marketedKg: 100_000,
      capKg: 5000,
      usedPct: 8,
      withdrawnKg: 400,
      remainingKg: 4600,
    });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      id: created.body.id,
      status: 'received',
      quantityKg: 400,
      receivedKg: 380.5,
      associationId: ids.assoc,
      certificateNumber: 'FAM-2026-0042',
    });

    const forAssoc = await as.assoc.get('/withdrawals?campaign=2026');
    expect(forAssoc.body.items.map((i: any) => i.id)).toEqual([created.body.id]);
    expect(forAssoc.body.marketedKg).toBeNull();
    expect((await as.po.get('/withdrawals?campaign=2025')).body.items).toEqual([]);
  });

  it('declares the marketed volume of a campaign', async () => {
    const res = await as.otherPo.call('PUT', '/campaigns/2025', { marketedKg: 20_000 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      year: 2025,
      marketedKg: 20_000,
      capKg: 1000,
      usedPct: 0,
      remainingKg: 1000,
    });
    expect(
      (await as.otherPo.call('PUT', '/campaigns/2025', { marketedKg: 30_000 })).body.capKg,
    ).toBe(1500);
    expect((await as.otherPo.get('/withdrawals?campaign=2025')).body.capKg).toBe(1500);
  });

  it('refuses an operation that would pass the 5 % ceiling, unless the PO accepts it', async () => {
    const { body: before } = await as.po.get('/withdrawals?campaign=2026');
    const over = await as.po.post('/withdrawals', valid({ quantityKg: before.remainingKg + 0.01 }));
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({
      code: 'over_ceiling',
      fields: { quantityKg: 'Beyond the 5 % ceiling.' },
    });
    expect(over.body.error.message).toContain('5 %');
    const exact = await as.po.post(
      '/withdrawals',
      valid({ quantityKg: before.remainingKg, date: '2026-11-21' }),
    );
    expect(exact.status).toBe(201);
    expect(exact.body.overCeiling).toBe(false);
    const accepted = await as.po.post(
      '/withdrawals',
      valid({ quantityKg: 10, acceptOverCeiling: true }),
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body.overCeiling).toBe(true);
    const { body: after } = await as.po.get('/withdrawals?campaign=2026');
    expect(after).toMatchObject({ withdrawnKg: 5010, usedPct: 100.2, remainingKg: 0 });
    // a refused offer gave nothing away: it leaves the ceiling
    expect(
      (
        await as.assoc.post(`/withdrawals/${accepted.body.id}/refusal`, {
          reason: 'Pas de chambre froide',
        })
      ).body,
    ).toMatchObject({ status: 'refused', refusalReason: 'Pas de chambre froide' });
    expect((await as.po.get('/withdrawals?campaign=2026')).body.withdrawnKg).toBe(5000);
  });

  it('lets only one of three operations racing for the last kg under the ceiling through', async () => {
    const racer = await createProducerOrg(t.db, { marketedKg: 2000 }); // ceiling 100 kg
    const api = await apiAs(app, racer.user.email, PASSWORD);
    const results = await Promise.all(
      [1, 2, 3].map(() => api.post('/withdrawals', valid({ quantityKg: 60 }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    expect((await api.get('/withdrawals?campaign=2026')).body).toMatchObject({
      withdrawnKg: 60,
      remainingKg: 40,
    });
  });

  it('serves the OpenAPI description of every withdrawal path', async () => {
    const doc = (await as.po.get('/openapi.json')).body;
    for (const p of [
      '/withdrawal-rates',
      '/withdrawals',
      '/withdrawals/{id}/receipt',
      '/withdrawals/{id}/refusal',
      '/campaigns/{year}',
      '/withdrawal-flat-amounts',
    ])
      expect(doc.paths[p], p).toBeDefined();
  });
});

describe('statistics', () => {
  it('exposes confirmed receipts, and only those, in the withdrawal_receipts view', async () => {
    const received = await createWithdrawal(t.db, {
      producerOrgId: ids.otherPo,
      associationId: ids.otherAssoc,
      quantityKg: 80,
      receivedKg: 75.5,
      date: '2026-03-04',
    });
    const pending = await createWithdrawal(t.db, {
      producerOrgId: ids.otherPo,
      associationId: ids.otherAssoc,
      date: '2026-03-05',
    });
    const refused = await createWithdrawal(t.db, {
      producerOrgId: ids.otherPo,
      associationId: ids.otherAssoc,
      date: '2026-03-06',
      refused: 'non',
    });
    const rows = await t.db
      .selectFrom('withdrawal_receipts')
      .selectAll()
      .where('withdrawal_id', 'in', [received.id, pending.id, refused.id])
      .execute();
    expect(rows).toEqual([
      {
        withdrawal_id: received.id,
        organisation_id: ids.otherAssoc,
        producer_org_id: ids.otherPo,
        category: 'fruit_vegetables',
        kg: 75.5,
        delivered_on: '2026-03-04',
        received_at: expect.any(Date),
      },
    ]);
  });
});

describe('withdrawal API: who may do what', () => {
  it('lets only producer organisations record and declare', async () => {
    for (const who of ['shop', 'assoc', 'admin']) {
      expect((await as[who].post('/withdrawals', valid())).status, who).toBe(403);
      expect((await as[who].call('PUT', '/campaigns/2026', { marketedKg: 5 })).status, who).toBe(
        403,
      );
    }
    expect((await new (as.po.constructor as any)(app).post('/withdrawals', valid())).status).toBe(
      401,
    );
  });

  it('lets only the receiving association answer, once', async () => {
    const w = await createWithdrawal(t.db, {
      producerOrgId: ids.po,
      associationId: ids.assoc,
      quantityKg: 100,
    });
    const before = await snapshot();
    expect(
      (await as.otherAssoc.post(`/withdrawals/${w.id}/receipt`, { receivedKg: 50 })).status,
    ).toBe(404);
    expect((await as.otherAssoc.post(`/withdrawals/${w.id}/refusal`, { reason: 'x' })).status).toBe(
      404,
    );
    for (const who of ['po', 'otherPo', 'shop', 'admin'])
      expect(
        (await as[who].post(`/withdrawals/${w.id}/receipt`, { receivedKg: 50 })).status,
        who,
      ).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await as.assoc.post(`/withdrawals/${w.id}/receipt`, { receivedKg: 100 })).status).toBe(
      200,
    );
    const after = await snapshot();
    const twice = await as.assoc.post(`/withdrawals/${w.id}/receipt`, { receivedKg: 90 });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('not_pending');
    expect(
      (await as.assoc.post(`/withdrawals/${w.id}/refusal`, { reason: 'trop tard' })).status,
    ).toBe(409);
    expect(await snapshot()).toEqual(after);
  });

  it('shows each party only its own operations; the admin sees all', async () => {
    const w = await createWithdrawal(t.db, {
      producerOrgId: ids.otherPo,
      associationId: ids.otherAssoc,
    });
    expect((await as.otherPo.get(`/withdrawals/${w.id}`)).status).toBe(200);
    expect((await as.otherAssoc.get(`/withdrawals/${w.id}`)).status).toBe(200);
    expect((await as.admin.get(`/withdrawals/${w.id}`)).status).toBe(200);
    expect((await as.po.get(`/withdrawals/${w.id}`)).status).toBe(404);
    expect((await as.assoc.get(`/withdrawals/${w.id}`)).status).toBe(404);
    expect((await as.shop.get(`/withdrawals/${w.id}`)).status).toBe(404);
    expect(
      (await as.po.get('/withdrawals?campaign=2026')).body.items.map((i: any) => i.id),
    ).not.toContain(w.id);
    expect(
      (await as.assoc.get('/withdrawals?campaign=2026')).body.items.map((i: any) => i.id),
    ).not.toContain(w.id);
    expect(
      (await as.admin.get('/withdrawals?campaign=2026')).body.items.map((i: any) => i.id),
    ).toContain(w.id);
    const one = await as.admin.get(`/withdrawals?campaign=2026&organisationId=${ids.otherPo}`);
    expect(one.body.items.every((i: any) => i.producerOrgId === ids.otherPo)).toBe(true);
    expect(one.body.capKg).toBe(5000);
    expect((await as.shop.get('/withdrawals?campaign=2026')).status).toBe(403);
  });

  it('lets only the admin change rates and flat amounts', async () => {
    const rate = {
      product: 'lemons',
      eurPer100Kg: 25,
      validFrom: '2027-01-01',
      source: 'Arrêté du ...',
    };
    for (const who of ['po', 'assoc', 'shop']) {
      expect((await as[who].post('/withdrawal-rates', rate)).status, who).toBe(403);
      expect(
        (
          await as[who].call('PUT', '/withdrawal-flat-amounts', {
            transportEurPer100Kg: 1,
            sortingPackingEurPer100Kg: null,
          })
        ).status,
        who,
      ).toBe(403);
    }
    const added = await as.admin.post('/withdrawal-rates', rate);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      product: 'lemons',
      eurPer100Kg: 25,
      validFrom: '2027-01-01',
      validTo: null,
      previous: { eurPer100Kg: 23.99, validTo: '2026-12-31' },
    });
    const flat = await as.admin.call('PUT', '/withdrawal-flat-amounts', {
      transportEurPer100Kg: 1.25,
      sortingPackingEurPer100Kg: null,
    });
    expect(flat.body).toMatchObject({
      transportEurPer100Kg: 1.25,
      sortingPackingEurPer100Kg: null,
      totalEurPer100Kg: 1.25,
    });
    const w = await as.po.post(
      '/withdrawals',
      valid({ product: 'lemons', quantityKg: 10, acceptOverCeiling: true }),
    );
    expect(w.body.compensation).toMatchObject({ eurPer100Kg: 23.99, flatEurPer100Kg: 1.25 });
    const r = await as.assoc.post(`/withdrawals/${w.body.id}/receipt`, { receivedKg: 10 });
    expect(r.body.compensation).toMatchObject({
      eurPer100Kg: 23.99,
      flatEur: 0.13,
      amountEur: 2.52,
    }); // 0.1 x 25.24 = 2.524
    await as.admin.call('PUT', '/withdrawal-flat-amounts', {
      transportEurPer100Kg: null,
      sortingPackingEurPer100Kg: null,
    });
  });
});

describe('withdrawal API: bad input changes nothing', () => {
  it.each([
    ['unknown product', { product: 'durian' }, 'product', 'Unknown product.'],
    ['no rate in force on the date', { date: '2013-12-31' }, 'date', 'No rate is in force'],
    ['negative kg', { quantityKg: -5 }, 'quantityKg', 'above zero'],
    ['zero kg', { quantityKg: 0 }, 'quantityKg', 'above zero'],
    ['absurd kg', { quantityKg: 5_000_000 }, 'quantityKg', 'too large'],
    ['kg as text', { quantityKg: 'lots' }, 'quantityKg', 'Enter a number'],
    ['three decimals', { quantityKg: 1.234 }, 'quantityKg', 'Two decimals'],
    ['date in the future', { date: '2026-11-28' }, 'date', 'future'],
    ['not a date', { date: '2026-02-30' }, 'date', 'Enter a date'],
    ['unapproved association', { associationId: -1 }, 'associationId', 'approved association'],
    ['a shop as association', { associationId: -2 }, 'associationId', 'approved association'],
    ['no campaign declared', { date: '2025-03-01' }, 'date', 'marketed volume'],
    ['NUL in a product', { product: 'car\u0000rots' }, 'product', 'not allowed'],
    [
      'NUL in a certificate number',
      { certificateNumber: 'RC\u00001' },
      'certificateNumber',
      'not allowed',
    ],
    ['empty product', { product: '  ' }, 'product', 'required'],
  ])('%s -> 422', async (_why, over, field, message) => {
    const o: Record<string, unknown> = { ...over };
    if (o.associationId === -1) o.associationId = ids.unapproved;
    if (o.associationId === -2) o.associationId = ids.shop;
    const before = await count();
    const res = await as.po.post('/withdrawals', valid(o));
    expect(res.status).toBe(422);
    expect(res.body.error.fields[field]).toContain(message);
    expect(await count()).toBe(before);
  });

  it('refuses unreadable JSON with 400 and a missing body field with 422', async () => {
    expect((await as.po.post('/withdrawals', '{oops')).status).toBe(400);
    const res = await as.po.post('/withdrawals', { product: 'carrots' });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields)).toEqual(
      expect.arrayContaining(['quantityKg', 'date', 'associationId']),
    );
  });

  it.each([
    ['above the kg withdrawn', 100.01, 422],
    ['negative', -1, 422],
    ['zero (that is a refusal)', 0, 422],
    ['text', 'beaucoup', 422],
  ])('refuses a receipt %s', async (_why, receivedKg, status) => {
    const w = await createWithdrawal(t.db, {
      producerOrgId: ids.po,
      associationId: ids.assoc,
      quantityKg: 100,
    });
    const res = await as.assoc.post(`/withdrawals/${w.id}/receipt`, { receivedKg });
    expect(res.status).toBe(status);
    expect(res.body.error.fields.receivedKg).toBeTruthy();
    expect(
      (
        await t.db
          .selectFrom('withdrawals')
          .select('status')
          .where('id', '=', w.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('pending_receipt');
  });

  it('answers 404 for unknown ids and 422 for a bad campaign', async () => {
    expect((await as.assoc.post('/withdrawals/999999/receipt', { receivedKg: 1 })).status).toBe(
      404,
    );
    expect((await as.assoc.post('/withdrawals/abc/receipt', { receivedKg: 1 })).status).toBe(404);
    expect((await as.po.get('/withdrawals?campaign=20x6')).status).toBe(422);
    expect((await as.po.call('PUT', '/campaigns/1800', { marketedKg: 1 })).status).toBe(404);
    expect((await as.po.call('PUT', '/campaigns/2026', { marketedKg: -1 })).status).toBe(422);
    expect(
      (
        await as.admin.post('/withdrawal-rates', {
          product: 'pears',
          eurPer100Kg: -3,
          validFrom: '2027-01-01',
          source: 'x',
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await as.admin.post('/withdrawal-rates', {
          product: 'pears',
          eurPer100Kg: 3,
          validFrom: '2027-01-01',
          source: 'a\u0000b',
        })
      ).status,
    ).toBe(422);
    const w = await createWithdrawal(t.db, { producerOrgId: ids.po, associationId: ids.assoc });
    expect(
      (await as.assoc.post(`/withdrawals/${w.id}/refusal`, { reason: 'a\u0000b' })).status,
    ).toBe(422);
    expect((await as.assoc.post(`/withdrawals/${w.id}/refusal`, { reason: '' })).status).toBe(422);
  });
});
