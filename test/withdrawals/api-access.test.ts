import { describe, expect, it } from 'vitest';
import { createWithdrawal } from '../helpers/withdrawal-factories.js';
import { app, as, ids, t, useApiParties, valid } from './parties.js';

useApiParties();

const snapshot = () => t.db.selectFrom('withdrawals').selectAll().orderBy('id').execute();

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
      basis: 'annex_v_2022_126',
      eurPer100Kg: 25,
      validFrom: '2027-01-01',
      source: 'Arrêté du ...',
    };
    const band = { validFrom: '2027-01-01', upToKm: 750, eurPer100Kg: 9, source: 'art. 25' };
    for (const who of ['po', 'assoc', 'shop']) {
      expect((await as[who].post('/withdrawal-rates', rate)).status, who).toBe(403);
      expect((await as[who].post('/withdrawal-transport-costs', band)).status, who).toBe(403);
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
    expect((await as.admin.post('/withdrawal-transport-costs', band)).status).toBe(201);
    expect((await as.admin.get('/withdrawal-transport-costs')).body.items).toEqual([band]);
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
