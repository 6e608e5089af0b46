import { describe, expect, it } from 'vitest';
import {
  parisDate,
  parisLocalToDate,
  parisTime,
  parisWeekday,
  TIME_ZONE,
} from '../../src/shared/time.js';

// The reference: Intl asked directly, for every instant (what the cached offsets must agree with).
const reference = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
});
function intl(d: Date) {
  const p = Object.fromEntries(reference.formatToParts(d).map((x) => [x.type, x.value]));
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}`,
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday) + 1,
  };
}
const ours = (d: Date) => ({ date: parisDate(d), time: parisTime(d), weekday: parisWeekday(d) });

describe('Paris time from cached offsets', () => {
  it('agrees with Intl every 5 minutes around both changes of 2026, and at midnight', () => {
    for (const start of [
      '2026-03-28T20:00:00Z', // spring forward: 29 March, 02:00 -> 03:00
      '2026-10-24T20:00:00Z', // fall back: 25 October, 03:00 -> 02:00
      '2026-12-31T20:00:00Z',
    ])
      for (let m = 0; m < 12 * 60; m += 5) {
        const d = new Date(Date.parse(start) + m * 60_000);
        expect(ours(d), d.toISOString()).toEqual(intl(d));
      }
  });

  it('agrees with Intl at random instants from 1990 to 2060', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 2000; i++) {
      const d = new Date(Date.UTC(1990, 0, 1) + random() * 70 * 365.25 * 86_400_000);
      expect(ours(d), d.toISOString()).toEqual(intl(d));
    }
  });

  it('turns Paris wall-clock times into instants, across the changes', () => {
    expect(parisLocalToDate('2026-03-29', '01:30')!.toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(parisLocalToDate('2026-03-29', '03:30')!.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(parisLocalToDate('2026-10-25', '01:30')!.toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(parisLocalToDate('2026-10-25', '04:00')!.toISOString()).toBe('2026-10-25T03:00:00.000Z');
    expect(parisLocalToDate('2026-07-14', '23:59')!.toISOString()).toBe('2026-07-14T21:59:00.000Z');
    expect(parisLocalToDate('2026-02-31', '12:00')).toBeNull();
    expect(parisLocalToDate('2026-07-14', '24:00')).toBeNull();
  });

  it('refuses an invalid date as Intl does', () => {
    expect(() => parisDate(new Date(NaN))).toThrow(RangeError);
  });
});
