import { describe, expect, it } from 'vitest';
import { createWithdrawal } from '../helpers/withdrawal-factories.js';
import { as, count, ids, t, useApiParties, valid } from './parties.js';

useApiParties();

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
