import { describe, expect, it } from 'vitest';
import { euroAmountInFrench, integerToFrench } from '../../src/receipts/words.js';
import { receiptValue } from '../../src/receipts/value.js';

describe('numbers in French words', () => {
  it.each([
    [0, 'zéro'],
    [1, 'un'],
    [16, 'seize'],
    [17, 'dix-sept'],
    [21, 'vingt et un'],
    [22, 'vingt-deux'],
    [30, 'trente'],
    [61, 'soixante et un'],
    [70, 'soixante-dix'],
    [71, 'soixante et onze'],
    [72, 'soixante-douze'],
    [77, 'soixante-dix-sept'],
    [80, 'quatre-vingts'],
    [81, 'quatre-vingt-un'],
    [90, 'quatre-vingt-dix'],
    [91, 'quatre-vingt-onze'],
    [99, 'quatre-vingt-dix-neuf'],
    [100, 'cent'],
    [101, 'cent un'],
    [180, 'cent quatre-vingts'],
    [200, 'deux cents'],
    [201, 'deux cent un'],
    [1000, 'mille'],
    [1001, 'mille un'],
    [1980, 'mille neuf cent quatre-vingts'],
    [2000, 'deux mille'],
    [21000, 'vingt et un mille'],
    [80000, 'quatre-vingt mille'],
    [200000, 'deux cent mille'],
    [1000000, 'un million'],
    [2000000, 'deux millions'],
    [80000000, 'quatre-vingts millions'],
    [1234567, 'un million deux cent trente-quatre mille cinq cent soixante-sept'],
    [1000000000, 'un milliard'],
  ])('%i is "%s"', (n, words) => expect(integerToFrench(n)).toBe(words));

  it.each([
    [0, 'zéro euro'],
    [1, 'un euro'],
    [2, 'deux euros'],
    [0.01, 'un centime'],
    [0.5, 'cinquante centimes'],
    [1.01, 'un euro et un centime'],
    [21.21, 'vingt et un euros et vingt et un centimes'],
    [80.8, 'quatre-vingts euros et quatre-vingts centimes'],
    [1234.5, 'mille deux cent trente-quatre euros et cinquante centimes'],
    [1000000, 'un million d’euros'],
    [2000000, 'deux millions d’euros'],
    [1000200, 'un million deux cents euros'],
    [0.999, 'un euro'],
    [12.345, 'douze euros et trente-cinq centimes'],
  ])('%f EUR is "%s"', (n, words) => expect(euroAmountInFrench(n)).toBe(words));

  it('refuses what is not an amount', () => {
    expect(() => euroAmountInFrench(-1)).toThrow(RangeError);
    expect(() => integerToFrench(1.5)).toThrow(RangeError);
  });
});

describe('value of a donation on the tax receipt', () => {
  // use-by date 2026-11-20: its last three days are the 18th, 19th and 20th
  it.each([
    ['use_by', '2026-11-20', '2026-11-16', 1, 'full', 40],
    ['use_by', '2026-11-20', '2026-11-17', 1, 'full', 40],
    ['use_by', '2026-11-20', '2026-11-18', 0.5, 'half_last_days', 20],
    ['use_by', '2026-11-20', '2026-11-19', 0.5, 'half_last_days', 20],
    ['use_by', '2026-11-20', '2026-11-20', 0.5, 'half_last_days', 20],
    ['use_by', '2026-11-20', '2026-11-21', 0, 'past_use_by', 0],
    ['use_by', '2026-03-01', '2026-02-26', 1, 'full', 40], // across the end of February
    ['use_by', '2026-03-01', '2026-02-27', 0.5, 'half_last_days', 20],
    ['best_before', '2026-11-20', '2026-11-20', 1, 'full', 40],
    ['best_before', '2026-11-20', '2026-11-25', 1, 'full', 40],
    [null, null, '2026-11-20', 1, 'full', 40],
  ] as const)('%s %s taken on %s counts at %f', (kind, date, day, rate, rule, value) => {
    expect(
      receiptValue({ value_eur: 40, date_kind: kind, product_date: date, pickupDay: day }),
    ).toEqual({ rate, rule, valueEur: value });
  });

  it('keeps the cent: 50 % of 12.35 is 6.18 (rounded half up)', () => {
    expect(
      receiptValue({
        value_eur: 12.35,
        date_kind: 'use_by',
        product_date: '2026-11-20',
        pickupDay: '2026-11-20',
      }).valueEur,
    ).toBe(6.18);
  });

  it('lists a donation without cost value without a value', () => {
    expect(
      receiptValue({
        value_eur: null,
        date_kind: 'use_by',
        product_date: '2026-11-20',
        pickupDay: '2026-11-19',
      }),
    ).toEqual({ rate: 0.5, rule: 'no_value', valueEur: null });
  });
});
