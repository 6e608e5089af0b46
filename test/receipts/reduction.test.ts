import { describe, expect, it } from 'vitest';
import { estimateReduction } from '../../src/receipts/reduction.js';

const only = (
  gifts: Record<number, number>,
  turnover: Record<number, number> = {},
  until?: number,
) =>
  estimateReduction(gifts, turnover, until).map((y) => [
    y.year,
    y.countedEur,
    y.reductionEur,
    y.carryOutEur,
  ]);

describe('tax reduction estimate (art. 238 bis CGI)', () => {
  it.each([
    ['under the floor', { 2026: 10_000 }, {}, [[2026, 10_000, 6_000, 0]]],
    ['at the floor', { 2026: 20_000 }, {}, [[2026, 20_000, 12_000, 0]]],
    [
      'over the floor, small turnover: capped at 20,000',
      { 2026: 30_000 },
      { 2026: 1_000_000 },
      [[2026, 20_000, 12_000, 10_000]],
    ],
    [
      '0.5 % of turnover above the floor: the higher cap',
      { 2026: 30_000 },
      { 2026: 10_000_000 },
      [[2026, 30_000, 18_000, 0]],
    ],
    [
      'turnover cap reached',
      { 2026: 60_000 },
      { 2026: 10_000_000 },
      [[2026, 50_000, 30_000, 10_000]],
    ],
    ['cents', { 2026: 166.18 }, {}, [[2026, 166.18, 99.71, 0]]],
  ])('%s', (_, gifts, turnover, rows) => expect(only(gifts, turnover)).toEqual(rows));

  it('the excess is used the next year after its own gifts', () => {
    expect(only({ 2024: 30_000, 2025: 5_000 })).toEqual([
      [2024, 20_000, 12_000, 10_000],
      [2025, 15_000, 9_000, 0],
    ]);
  });

  it('the excess lasts 5 years, not 6', () => {
    const gifts = {
      2020: 30_000,
      2021: 20_000,
      2022: 20_000,
      2023: 20_000,
      2024: 20_000,
      2025: 15_000,
    };
    const rows = only(gifts, {}, 2026);
    // 5,000 of 2020 used in its 5th year; the 5,000 left cannot go further
    expect(rows.at(-2)).toEqual([2025, 20_000, 12_000, 0]);
    expect(rows.at(-1)).toEqual([2026, 0, 0, 0]); // expired: nothing of 2020 counts in 2026
  });
});
