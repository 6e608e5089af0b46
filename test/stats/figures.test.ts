import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { loadFactors } from '../../src/stats/factors.js';
import { parseStatsQuery } from '../../src/shared/period.js';
import { estimateMedian } from '../../src/stats/claim-time.js';
import { computeStats } from '../../src/stats/queries.js';
import { computeStatsRaw } from '../../src/stats/raw.js';
import { resolveScope } from '../../src/shared/scope.js';
import { refusalStatus } from '../helpers/refusal.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedDataSet } from './data-set.js';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof seedDataSet>>;
const NOW = new Date('2026-12-05T12:00:00+01:00');
beforeAll(async () => {
  t = await openTestDatabase();
  s = await seedDataSet(t.db);
});
afterAll(async () => t?.close());

async function statsFor(
  who: 'admin' | 'A' | 'B' | 'X' | 'Y' | 'T',
  query: Record<string, string> = { period: 'month', month: '2026-11' },
) {
  const user = who === 'admin' ? s.admin : s[who].user;
  const actor = await loadActor(t.db, user);
  const q = parseStatsQuery(query, NOW);
  const scope = await resolveScope(t.db, actor, q.organisationId);
  const f = await loadFactors(t.db);
  return {
    stats: await computeStats(t.db, scope, q, f),
    raw: await computeStatsRaw(t.db, scope, q, f),
  };
}

// Sums by hand from the data set in data-set.ts (value: shop's value, else 3.27 EUR per kg).
const expected = {
  admin: {
    donations: 7,
    postedKg: 43,
    claimed: 5,
    shareClaimed: 0.714,
    pickups: 4,
    pickedUpKg: 23,
    meals: 46,
    co2eKg: 58.42,
    valueEur: 49.62,
    expiredKg: 11,
    refusedKg: 3,
    wasteKg: 14,
    quality: { good: 2, acceptable: 1, poor: 1, refused: 1 },
    defects: 3,
    medianMinutesToClaim: 30,
  },
  A: {
    donations: 5,
    postedKg: 30,
    claimed: 3,
    shareClaimed: 0.6,
    pickups: 2,
    pickedUpKg: 13,
    meals: 26,
    co2eKg: 33.02,
    valueEur: 33.08,
    expiredKg: 6,
    refusedKg: 3,
    wasteKg: 9,
    quality: { good: 1, acceptable: 1, poor: 0, refused: 1 },
    defects: 2,
    medianMinutesToClaim: 30,
  },
  B: {
    donations: 2,
    postedKg: 13,
    claimed: 2,
    shareClaimed: 1,
    pickups: 2,
    pickedUpKg: 10,
    meals: 20,
    co2eKg: 25.4,
    valueEur: 16.54,
    expiredKg: 5,
    refusedKg: 0,
    wasteKg: 5,
    quality: { good: 1, acceptable: 0, poor: 1, refused: 0 },
    defects: 1,
    medianMinutesToClaim: 70,
  },
  X: {
    donations: 3,
    postedKg: 19,
    claimed: 3,
    shareClaimed: 1,
    pickups: 3,
    pickedUpKg: 15,
    meals: 30,
    co2eKg: 38.1,
    valueEur: 39.62,
    expiredKg: 5,
    refusedKg: 0,
    wasteKg: 5,
    quality: { good: 2, acceptable: 1, poor: 0, refused: 0 },
    defects: 1,
    medianMinutesToClaim: 60,
  },
  Y: {
    donations: 2,
    postedKg: 11,
    claimed: 2,
    shareClaimed: 1,
    pickups: 1,
    pickedUpKg: 8,
    meals: 16,
    co2eKg: 20.32,
    valueEur: 10,
    expiredKg: 0,
    refusedKg: 3,
    wasteKg: 3,
    quality: { good: 0, acceptable: 0, poor: 1, refused: 1 },
    defects: 2,
    medianMinutesToClaim: 15,
  },
  T: {
    donations: 6,
    postedKg: 35,
    claimed: 4,
    shareClaimed: 0.667,
    pickups: 3,
    pickedUpKg: 15,
    meals: 30,
    co2eKg: 38.1,
    valueEur: 39.62,
    expiredKg: 11,
    refusedKg: 3,
    wasteKg: 14,
    quality: { good: 2, acceptable: 1, poor: 0, refused: 1 },
    defects: 2,
    medianMinutesToClaim: 45,
  },
} as const;

describe('figures of November 2026 against sums by hand', () => {
  it.each(Object.keys(expected) as (keyof typeof expected)[])('as %s', async (who) => {
    const { stats, raw } = await statsFor(who);
    expect(stats).toMatchObject(expected[who]);
    expect(raw).toEqual(stats); // the summary tables agree with a plain aggregate over the donations
  });

  it('breaks down by category, ranks shops and associations with defect rates', async () => {
    const { stats } = await statsFor('admin');
    expect(stats.byCategory.filter((c) => c.kg > 0).map((c) => [c.category, c.kg])).toEqual([
      ['bakery', 19],
      ['dairy', 4],
    ]);
    expect(stats.byCategory.find((c) => c.category === 'bakery')).toMatchObject({
      donations: 3,
      postedKg: 25,
      meals: 38,
      co2eKg: 48.26,
      valueEur: 36.54,
    });
    expect(
      stats.shops.map((o) => [
        o.name,
        o.donations,
        o.postedKg,
        o.pickups,
        o.kg,
        o.defects,
        o.defectRate,
      ]),
    ).toEqual([
      ['Boulangerie A', 5, 30, 2, 13, 2, 0.667],
      ['Primeur B', 2, 13, 2, 10, 1, 0.5],
    ]);
    expect(stats.associations.map((o) => [o.name, o.kg])).toEqual([
      ['Épicerie X', 15],
      ['Antenne Y', 8],
    ]);
  });

  it('draws the weekly series over Paris weeks, edges included', async () => {
    const { stats } = await statsFor('admin', {
      period: 'month',
      month: '2026-11',
      series: 'week',
    });
    // ISO weeks starting Monday: 26 Oct (1 Nov pickup), 2 Nov (#1-#6), 23 Nov (#8 at 23:30 on the 30th is week of 30 Nov)
    expect(stats.timeSeries.map((p) => [p.start, p.donations, p.kg, p.wasteKg])).toEqual([
      ['2026-10-26', 0, 2, 0],
      ['2026-11-02', 6, 21, 14],
      ['2026-11-30', 1, 0, 0],
    ]);
  });

  it('agrees with the donations over a year and a custom period that cuts months', async () => {
    const queries: Record<string, string>[] = [
      { period: 'year', year: '2026' },
      { from: '2026-10-31', to: '2026-12-01', series: 'month' },
      { from: '2026-11-02', to: '2026-11-05' },
    ];
    for (const query of queries) {
      for (const who of ['admin', 'T', 'A'] as const) {
        const { stats, raw } = await statsFor(who, query);
        expect(raw).toEqual(stats);
      }
    }
    const year = (await statsFor('admin', { period: 'year', year: '2026' })).stats;
    expect(year.donations).toBe(9);
    expect(year.timeSeries.map((p) => [p.start, p.donations])).toEqual([
      ['2026-10-01', 1],
      ['2026-11-01', 7],
      ['2026-12-01', 1],
    ]);
  });

  it('uses a factor of its own for a category when the admin sets one', async () => {
    await t.db
      .insertInto('impact_factors')
      .values({ name: 'co2e_per_kg', category: 'bakery', value: 1 })
      .execute();
    try {
      const { stats } = await statsFor('admin');
      expect(stats.co2eKg).toBe(29.16); // 19 kg bakery × 1 + 4 kg dairy × 2.54
    } finally {
      await t.db.deleteFrom('impact_factors').where('category', '=', 'bakery').execute();
    }
  });

  it('narrows the admin view to one organisation, and refuses a shop another one', async () => {
    expect(
      (
        await statsFor('admin', {
          period: 'month',
          month: '2026-11',
          organisationId: String(s.B.org.id),
        })
      ).stats,
    ).toMatchObject(expected.B);
    expect(
      (
        await statsFor('T', {
          period: 'month',
          month: '2026-11',
          organisationId: String(s.A.org.id),
        })
      ).stats,
    ).toMatchObject(expected.A);
    expect(
      await refusalStatus(
        statsFor('A', { period: 'month', month: '2026-11', organisationId: String(s.B.org.id) }),
      ),
    ).toBe(404);
    expect(
      await refusalStatus(
        statsFor('T', { period: 'month', month: '2026-11', organisationId: String(s.B.org.id) }),
      ),
    ).toBe(404);
  });
});

describe('median time to claim from the claim-time classes (used above 2,000 claims)', () => {
  it('counts each claim in its class in the summaries', async () => {
    const row = await t.db
      .selectFrom('stats_monthly')
      .select((eb) =>
        Array.from({ length: 16 }, (_, i) =>
          eb.fn.sum<number>(`claim_m${i}` as 'claim_m0').as(`c${i}`),
        ),
      )
      .where('month', '=', '2026-11-01')
      .executeTakeFirstOrThrow();
    // claims of November: 30, 60, 10, 20 and 120 minutes -> classes [10,15) [20,30) [30,45) [60,90) [120,180)
    expect(Object.values(row).map(Number)).toEqual([
      0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it.each([
    [[0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0], 37.5], // middle claim (2.5 of 5) halfway into [30,45)
    [[4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 2.5],
    [[0, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0, 0], 90], // 2 of 4: the end of [60,90)
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3], 2880], // open-ended last class: its lower edge
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], null],
  ])('classes %j give %s', (counts, median) => expect(estimateMedian(counts)).toBe(median));
});
