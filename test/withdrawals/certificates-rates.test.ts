import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { recordWithdrawal } from '../../src/withdrawals/domain.js';
import { addRate, rateOn } from '../../src/withdrawals/rates.js';
import type { EnteredBasis } from '../../src/withdrawals/rules.js';
import { numberCertificatesOnce } from '../../migrations/0037_keep_approvals_and_certificates.js';
import { createUser } from '../helpers/factories.js';
import {
  createProducerOrg,
  createWithdrawal,
  insertProduct,
} from '../helpers/withdrawal-factories.js';
import { as, ids, t, useApiParties, valid } from './parties.js';

useApiParties();

const admin = async () => loadActor(t.db, await createUser(t.db, { isAdmin: true }));
let products = 0;

type Rate = [EnteredBasis, string];
const rate = (basis: EnteredBasis, validFrom: string, eur = 10) =>
  basis === 'member_state_2022_126'
    ? { basis, validFrom, averagePriceEurPer100Kg: eur * 4, sharePct: 25, source: 'test' }
    : { basis, validFrom, eurPer100Kg: eur, source: 'test' };

describe('a rate may be entered before a later one when their years do not meet', () => {
  it.each<[string, Rate[], Rate, string | null, [string, string | null][]]>([
    [
      'an Annex IV rate for 2020-2022 after a 2023 rate',
      [['annex_v_2022_126', '2023-01-01']],
      ['annex_iv_2017_891', '2020-01-01'],
      null,
      [
        ['2020-01-01', '2022-12-31'],
        ['2023-01-01', null],
      ],
    ],
    [
      'a later Annex IV rate between an Annex IV one and a 2023 one',
      [
        ['annex_v_2022_126', '2023-01-01'],
        ['annex_iv_2017_891', '2020-01-01'],
      ],
      ['annex_iv_2017_891', '2021-07-01'],
      null,
      [
        ['2020-01-01', '2021-06-30'],
        ['2021-07-01', '2022-12-31'],
        ['2023-01-01', null],
      ],
    ],
    [
      'an Annex IV rate whose years hold a later Annex IV one',
      [['annex_iv_2017_891', '2021-01-01']],
      ['annex_iv_2017_891', '2020-06-01'],
      'wd.err.rate_not_after',
      [['2021-01-01', '2022-12-31']],
    ],
    [
      'a 2023 rate, open-ended, before a 2025 one',
      [['annex_v_2022_126', '2025-01-01']],
      ['annex_v_2022_126', '2023-06-01'],
      'wd.err.rate_not_after',
      [['2025-01-01', null]],
    ],
    [
      'the same first day again',
      [['annex_v_2022_126', '2024-01-01']],
      ['member_state_2022_126', '2024-01-01'],
      'wd.err.rate_not_after',
      [['2024-01-01', null]],
    ],
    [
      'a member state rate after an Annex V one: the first closed the day before',
      [['annex_v_2022_126', '2023-01-01']],
      ['member_state_2022_126', '2024-03-01'],
      null,
      [
        ['2023-01-01', '2024-02-29'],
        ['2024-03-01', null],
      ],
    ],
  ])('%s', async (_what, before, added, refused, after) => {
    const a = await admin();
    const product = `p${++products}`;
    await insertProduct(t.db, product);
    for (const [basis, from] of before) await addRate(t.db, a, { product, ...rate(basis, from) });
    const adding = addRate(t.db, a, { product, ...rate(added[0], added[1], 20) });
    if (refused) await expect(adding).rejects.toMatchObject({ fields: { validFrom: refused } });
    else await adding;
    const rows = await t.db
      .selectFrom('withdrawal_rates')
      .select(['valid_from', 'valid_to'])
      .where('product', '=', product)
      .orderBy('valid_from')
      .execute();
    expect(rows.map((r) => [r.valid_from, r.valid_to])).toEqual(after);
  });

  it('by the API too; each operation is then priced by the rate of its date', async () => {
    const product = `p${++products}`;
    await insertProduct(t.db, product);
    const post = (body: object) =>
      as.admin.post('/withdrawal-rates', { product, source: 's', ...body });
    expect(
      (await post({ basis: 'annex_v_2022_126', eurPer100Kg: 30, validFrom: '2023-01-01' })).status,
    ).toBe(201);
    const old = await post({
      basis: 'annex_iv_2017_891',
      eurPer100Kg: 20,
      validFrom: '2021-01-01',
    });
    expect(old.status).toBe(201);
    expect((await rateOn(t.db, product, '2022-06-01'))?.eur_per_100kg).toBe(20);
    expect((await rateOn(t.db, product, '2023-06-01'))?.eur_per_100kg).toBe(30);
    const again = await post({
      basis: 'annex_iv_2017_891',
      eurPer100Kg: 25,
      validFrom: '2020-01-01',
    });
    expect([again.status, Object.keys(again.body.error.fields)]).toEqual([422, ['validFrom']]);
  });
});

describe('typed certificate numbers are unique per organisation and campaign', () => {
  it('by the index: a second row with the same number in the campaign is refused, not in another', async () => {
    const po = await createProducerOrg(t.db, { marketedKg: 1_000_000 });
    const w = {
      producerOrgId: po.org.id,
      associationId: ids.assoc,
      certificateNumber: 'VL-26-007',
    };
    await createWithdrawal(t.db, w);
    await expect(createWithdrawal(t.db, w)).rejects.toMatchObject({ code: '23505' });
    // another organisation may use the same words for its own numbering
    const other = await createProducerOrg(t.db, { marketedKg: 1_000_000 });
    await createWithdrawal(t.db, { ...w, producerOrgId: other.org.id });
  });

  it('the migration keeps the first of old duplicates and marks the others, then holds them apart', async () => {
    const po = await createProducerOrg(t.db, { marketedKg: 1_000_000 });
    await sql`drop index withdrawals_certificate_number_key`.execute(t.db);
    const w = { producerOrgId: po.org.id, associationId: ids.assoc, certificateNumber: 'OLD-1' };
    const rows = [
      await createWithdrawal(t.db, w),
      await createWithdrawal(t.db, w),
      await createWithdrawal(t.db, w),
      await createWithdrawal(t.db, { ...w, certificateNumber: 'OLD-2' }),
    ];
    await numberCertificatesOnce(t.db);
    const after = await t.db
      .selectFrom('withdrawals')
      .select(['id', 'certificate_number'])
      .where('producer_org_id', '=', po.org.id)
      .orderBy('id')
      .execute();
    expect(after.map((r) => r.certificate_number)).toEqual([
      'OLD-1',
      `OLD-1 #${rows[1]!.id}`,
      `OLD-1 #${rows[2]!.id}`,
      'OLD-2',
    ]);
    await expect(createWithdrawal(t.db, w)).rejects.toMatchObject({ code: '23505' });
  });
});

describe('the notice to FranceAgriMer is mandatory (arrêté of 28 March 2018, art. 16)', () => {
  it('an operation without it is refused next to the field, and nothing is saved', async () => {
    const before = await t.db.selectFrom('withdrawals').select('id').execute();
    const none = await as.po.post('/withdrawals', valid({ notifiedAt: undefined }));
    expect([none.status, none.body.error.fields]).toEqual([
      422,
      { notifiedAt: expect.stringContaining('notice to FranceAgriMer: it is mandatory') },
    ]);
    const empty = await as.po.post('/withdrawals', valid({ notifiedAt: '' }));
    expect([empty.status, Object.keys(empty.body.error.fields)]).toEqual([422, ['notifiedAt']]);
    expect(await t.db.selectFrom('withdrawals').select('id').execute()).toHaveLength(before.length);
    expect((await as.po.post('/withdrawals', valid({ quantityKg: 5 }))).status).toBe(201);
  });

  it('before the arrêté, an operation of the history needs none', async () => {
    const po = await createProducerOrg(t.db, { year: 2018, marketedKg: 1_000_000 });
    const actor = await loadActor(t.db, po.user);
    const on = (date: string) =>
      recordWithdrawal(
        t.db,
        actor,
        { product: 'carrots', quantityKg: 10, date, associationId: ids.assoc },
        new Date('2026-11-27T09:00:00+01:00'),
      );
    expect((await on('2018-03-27')).notified_at).toBeNull();
    await expect(on('2018-03-28')).rejects.toMatchObject({
      fields: { notifiedAt: 'wd.err.notice_required' },
    });
  });
});
