import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { ceiling, computeCompensation } from '../../src/withdrawals/compensation.js';
import { confirmReceipt, recordWithdrawal } from '../../src/withdrawals/domain.js';
import { addRate, rateOn, setFlatAmounts } from '../../src/withdrawals/rates.js';
import { refusalStatus } from '../helpers/refusal.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser } from '../helpers/factories.js';
import {
  createProducerOrg,
  insertProduct,
  insertRate,
  noticeFor,
} from '../helpers/withdrawal-factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe('compensation: kg received / 100 x (rate + flat per 100 kg), rounded once to the cent', () => {
  it.each([
    // kg, rate, flat, amountEur, flatEur, why
    [100, 12.81, 0, 12.81, 0, 'exactly 100 kg'],
    [1234.56, 15.69, 0, 193.7, 0, '193.702464 rounds down'],
    [50, 0.03, 0, 0.02, 0, 'a half cent rounds up (floats would give 0.01)'],
    [1.5, 1.01, 0, 0.02, 0, '1.515 cents rounds up'],
    [33.33, 5.81, 0, 1.94, 0, '193.6473 cents rounds up'],
    [250, 43.99, 3.5, 118.73, 8.75, 'flat amounts added before rounding (118.725)'],
    [0.5, 1.01, 1.01, 0.01, 0.01, 'rounded at the end: 1.01 cents, not 1 + 1 cents'],
    [0.01, 48.14, 0, 0, 0, 'a few grams are worth less than a cent'],
    [1_000_000, 48.14, 10, 581_400, 100_000, 'largest operation stays exact'],
    [999_999.99, 44.4, 7.77, 521_699.99, 77_700, 'big and fractional (77 699.9992 rounds up)'],
  ])(
    '%s kg at %s €/100 kg + %s flat -> %s € (flat part %s): %s',
    (kg, rate, flat, amount, flatEur) => {
      const c = computeCompensation(kg, rate, flat);
      expect(c.amountEur).toBe(amount);
      expect(c.flatEur).toBe(flatEur);
      expect(c.eurPer100Kg).toBe(rate);
    },
  );
});

describe('the 5 % ceiling', () => {
  it.each([
    // marketed, withdrawn, capKg, usedPct (of the ceiling), remainingKg
    [100_000, 0, 5000, 0, 5000],
    [100_000, 2500, 5000, 50, 2500],
    [100_000, 4999.99, 5000, 100, 0.01],
    [100_000, 5000, 5000, 100, 0],
    [100_000, 6000, 5000, 120, 0],
    [12_345.67, 100, 617.28, 16.2, 517.28],
  ])(
    'marketed %s kg, withdrawn %s kg -> cap %s kg, %s %% of it used, %s kg left',
    (marketed, withdrawn, cap, pct, left) => {
      const c = ceiling(marketed, withdrawn);
      expect(c.capKg).toBe(cap);
      expect(c.usedPct).toBe(pct);
      expect(c.remainingKg).toBe(left);
    },
  );

  it('has no ceiling before the marketed volume is declared', () => {
    expect(ceiling(null, 10)).toMatchObject({
      capKg: null,
      usedPct: null,
      remainingKg: null,
      withdrawnKg: 10,
    });
  });
});

describe('rates by date', () => {
  it.each([
    ['2019-12-31', undefined],
    ['2020-01-01', 10],
    ['2020-06-30', 10],
    ['2020-07-01', 12.5],
    ['2031-01-01', 12.5],
  ])('on %s the rate in force is %s', async (date, expected) => {
    if (
      !(await t.db
        .selectFrom('withdrawal_products')
        .select('key')
        .where('key', '=', 'test_fruit')
        .executeTakeFirst())
    ) {
      await insertProduct(t.db, 'test_fruit');
      await insertRate(t.db, 'test_fruit', 10, '2020-01-01', '2020-06-30');
      await insertRate(t.db, 'test_fruit', 12.5, '2020-07-01');
    }
    expect((await rateOn(t.db, 'test_fruit', date))?.eur_per_100kg).toBe(expected);
  });

  it('seeds the 15 products with their source, from 2014-01-01, open-ended', async () => {
    const rates = await t.db
      .selectFrom('withdrawal_rates')
      .selectAll()
      .where('source', 'like', '2014 and 2017-18%')
      .execute();
    expect(rates).toHaveLength(15);
    expect(rates.every((r) => r.valid_from === '2014-01-01')).toBe(true);
    expect(rates.find((r) => r.product === 'sweet_cherries')?.eur_per_100kg).toBe(48.14);
    expect(rates.find((r) => r.product === 'cabbages')?.eur_per_100kg).toBe(5.81);
  });

  it('a new rate closes the previous one the day before; earlier starts are refused', async () => {
    const admin = await loadActor(t.db, await createUser(t.db, { isAdmin: true }));
    await addRate(t.db, admin, {
      product: 'carrots',
      basis: 'annex_v_2022_126',
      eurPer100Kg: 13.5,
      validFrom: '2026-07-01',
      source: 'Arrêté test',
    });
    const carrots = await t.db
      .selectFrom('withdrawal_rates')
      .selectAll()
      .where('product', '=', 'carrots')
      .orderBy('valid_from')
      .execute();
    expect(carrots.map((r) => [r.eur_per_100kg, r.valid_from, r.valid_to])).toEqual([
      [12.81, '2014-01-01', '2026-06-30'],
      [13.5, '2026-07-01', null],
    ]);
    expect((await rateOn(t.db, 'carrots', '2026-06-30'))?.eur_per_100kg).toBe(12.81);
    expect((await rateOn(t.db, 'carrots', '2026-07-01'))?.eur_per_100kg).toBe(13.5);
    await expect(
      addRate(t.db, admin, {
        product: 'carrots',
        basis: 'annex_v_2022_126',
        eurPer100Kg: 14,
        validFrom: '2026-07-01',
        source: 'x',
      }),
    ).rejects.toMatchObject({ fields: { validFrom: 'wd.err.rate_not_after' } });
    await expect(
      addRate(t.db, admin, {
        product: 'nope',
        basis: 'annex_v_2022_126',
        eurPer100Kg: 14,
        validFrom: '2027-01-01',
        source: 'x',
      }),
    ).rejects.toMatchObject({ fields: { product: 'wd.err.unknown_product' } });
    const po = await loadActor(t.db, (await createProducerOrg(t.db)).user);
    expect(
      await refusalStatus(
        addRate(t.db, po, {
          product: 'carrots',
          basis: 'annex_v_2022_126',
          eurPer100Kg: 14,
          validFrom: '2027-01-01',
          source: 'x',
        }),
      ),
    ).toBe(403);
    expect(
      await t.db
        .selectFrom('withdrawal_rates')
        .select('id')
        .where('product', '=', 'carrots')
        .execute(),
    ).toHaveLength(2);
  });

  it('past operations keep the rate and flat amounts of their date; later ones take the new ones', async () => {
    const now = new Date('2026-11-27T09:00:00+01:00');
    const admin = await loadActor(t.db, await createUser(t.db, { isAdmin: true }));
    const po = await loadActor(
      t.db,
      (await createProducerOrg(t.db, { marketedKg: 1_000_000 })).user,
    );
    const { org: assoc, user: au } = await createOrgWithUser(t.db, 'association');
    const association = await loadActor(t.db, au);
    const input = {
      product: 'kiwifruit',
      quantityKg: 200,
      associationId: assoc.id,
    };
    const before = await recordWithdrawal(
      t.db,
      po,
      { ...input, date: '2026-06-20', notifiedAt: noticeFor('2026-06-20') },
      now,
    );
    expect(before.eur_per_100kg).toBe(26.69);

    // The operator corrects the rate from June 1st and adds flat amounts, after the operation.
    await addRate(t.db, admin, {
      product: 'kiwifruit',
      basis: 'annex_v_2022_126',
      eurPer100Kg: 30,
      validFrom: '2026-06-01',
      source: 'Arrêté test',
    });
    await setFlatAmounts(
      t.db,
      admin,
      { transportEurPer100Kg: 2, sortingPackingEurPer100Kg: 1.5 },
      now,
    );

    const after = await recordWithdrawal(
      t.db,
      po,
      { ...input, date: '2026-06-20', notifiedAt: noticeFor('2026-06-20') },
      now,
    );
    const dayBefore = await recordWithdrawal(
      t.db,
      po,
      { ...input, date: '2026-05-31', notifiedAt: noticeFor('2026-05-31') },
      now,
    );
    expect([after.eur_per_100kg, after.flat_eur_per_100kg]).toEqual([30, 3.5]);
    expect([dayBefore.eur_per_100kg, dayBefore.flat_eur_per_100kg]).toEqual([26.69, 3.5]);

    const received = await confirmReceipt(t.db, association, before.id, 150, now);
    expect([received.amount_eur, received.flat_eur]).toEqual([40.04, 0]); // 1.5 x 26.69 = 40.035
    const received2 = await confirmReceipt(t.db, association, after.id, 150, now);
    expect([received2.amount_eur, received2.flat_eur]).toEqual([50.25, 5.25]); // 1.5 x 33.50
  });
});
