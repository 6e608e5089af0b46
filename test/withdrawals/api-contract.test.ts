import { describe, expect, it } from 'vitest';
import { apiAs } from '../helpers/app.js';
import { PASSWORD } from '../helpers/factories.js';
import { createProducerOrg, createWithdrawal } from '../helpers/withdrawal-factories.js';
import { app, as, ids, t, useApiParties, valid } from './parties.js';

useApiParties();

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
    const created = await as.po.post('/withdrawals', valid({ certificateNumber: 'FAM-2026-0042' }));
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
