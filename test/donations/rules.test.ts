import { describe, expect, it } from 'vitest';
import { checkDonationRules, type DonationRuleInput } from '../../src/donations/rules.js';
import { parisLocalToDate } from '../../src/shared/time.js';

// Friday 27 November 2026, 10:00 in Paris
const now = parisLocalToDate('2026-11-27', '10:00')!;
const at = (date: string, time: string) => parisLocalToDate(date, time)!;
const base: DonationRuleInput = {
  category: 'bakery',
  storage: 'ambient',
  pickupFrom: at('2026-11-27', '11:00'),
  pickupUntil: at('2026-11-27', '18:00'),
  dateKind: null,
  date: null,
  packaged: true,
  sameDay: false,
};

describe('the rules of posting a donation', () => {
  it.each<[string, Partial<DonationRuleInput>, Record<string, string>]>([
    ['a plain bakery donation', {}, {}],
    ['a window that started a little before now', { pickupFrom: at('2026-11-27', '09:50') }, {}],
    [
      'a window that started long ago',
      { pickupFrom: at('2026-11-27', '08:00') },
      { pickupFrom: 'don.err.window_past' },
    ],
    [
      'a window already over',
      { pickupFrom: at('2026-11-27', '08:00'), pickupUntil: at('2026-11-27', '09:00') },
      { pickupFrom: 'don.err.window_past', pickupUntil: 'don.err.window_past' },
    ],
    [
      'a reversed window',
      { pickupUntil: at('2026-11-27', '10:30') },
      { pickupUntil: 'don.err.window_reversed' },
    ],
    [
      'a window of 14 minutes',
      { pickupUntil: at('2026-11-27', '11:14') },
      { pickupUntil: 'don.err.window_short' },
    ],
    ['a window of exactly 15 minutes', { pickupUntil: at('2026-11-27', '11:15') }, {}],
    [
      'a window ending 7 days ahead',
      { pickupFrom: at('2026-12-04', '09:00'), pickupUntil: at('2026-12-04', '10:00') },
      {},
    ],
    [
      'a window ending past 7 days',
      { pickupFrom: at('2026-12-04', '09:00'), pickupUntil: at('2026-12-04', '10:01') },
      { pickupUntil: 'don.err.window_far' },
    ],
    ['use-by with no date', { dateKind: 'use_by' }, { date: 'don.err.date_required' }],
    ['use-by two days after the window', { dateKind: 'use_by', date: '2026-11-29' }, {}],
    [
      'use-by one day after the window',
      { dateKind: 'use_by', date: '2026-11-28' },
      { date: 'don.err.use_by_48h' },
    ],
    [
      'use-by one day after, for same-day distribution',
      { dateKind: 'use_by', date: '2026-11-28', sameDay: true },
      {},
    ],
    [
      'use-by today, for same-day distribution',
      { dateKind: 'use_by', date: '2026-11-27', sameDay: true },
      {},
    ],
    [
      'use-by already past',
      { dateKind: 'use_by', date: '2026-11-26', sameDay: true },
      { date: 'don.err.use_by_past' },
    ],
    ['best-before already past is allowed', { dateKind: 'best_before', date: '2026-11-01' }, {}],
    ['same-day without a use-by date', { sameDay: true }, { sameDay: 'don.err.same_day_use_by' }],
    [
      'loose meat',
      { category: 'meat_fish', packaged: false, storage: 'chilled' },
      { packaged: 'don.err.loose_animal' },
    ],
    ['pre-packed meat', { category: 'meat_fish', packaged: true, storage: 'chilled' }, {}],
    ['loose bread is fine', { packaged: false }, {}],
    [
      'frozen food kept chilled',
      { category: 'frozen', storage: 'chilled' },
      { storage: 'don.err.frozen_storage' },
    ],
  ])('%s', (_name, over, expected) => {
    expect(checkDonationRules({ ...base, ...over }, now)).toEqual(expected);
  });

  it('counts the 48 h of use-by food from the end of the window, in Paris time, over a DST change', () => {
    const late = {
      ...base,
      dateKind: 'use_by' as const,
      pickupFrom: at('2026-10-24', '20:00'),
      pickupUntil: at('2026-10-24', '23:30'),
    };
    const then = at('2026-10-24', '19:00');
    expect(checkDonationRules({ ...late, date: '2026-10-26' }, then)).toEqual({});
    expect(checkDonationRules({ ...late, date: '2026-10-25' }, then)).toEqual({
      date: 'don.err.use_by_48h',
    });
  });
});

describe('Paris local times', () => {
  it('converts wall-clock times in winter and summer', () => {
    expect(parisLocalToDate('2026-01-15', '12:00')!.toISOString()).toBe('2026-01-15T11:00:00.000Z');
    expect(parisLocalToDate('2026-07-15', '12:00')!.toISOString()).toBe('2026-07-15T10:00:00.000Z');
    expect(parisLocalToDate('2026-02-31', '12:00')).toBeNull();
    expect(parisLocalToDate('2026-02-10', '25:00')).toBeNull();
  });
});
