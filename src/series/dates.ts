import { addDays, parisLocalToDate } from '../shared/time.js';

/** ISO weekdays (1 = Monday ... 7 = Sunday) as the bit mask stored (bit n for day n). */
export const weekdayMask = (days: number[]) => days.reduce((m, d) => m | (1 << d), 0);
export const weekdaysOf = (mask: number) => [1, 2, 3, 4, 5, 6, 7].filter((d) => mask & (1 << d));

/** The ISO weekday of a calendar date 'YYYY-MM-DD' (the same everywhere). */
export function isoWeekday(day: string) {
  return new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
}

export interface SeriesTimes {
  weekdays: number;
  pickup_from_time: string;
  pickup_until_time: string;
  starts_on: string;
  ends_on: string | null;
  lead_minutes: number;
}

/**
 * One date's occurrence: its window (Paris wall clock on that date, whatever the offset that day)
 * and when it is posted (the lead time before the window opens).
 */
export function occurrenceOf(s: SeriesTimes, day: string) {
  const from = parisLocalToDate(day, s.pickup_from_time)!;
  const until = parisLocalToDate(day, s.pickup_until_time)!;
  return { day, from, until, publishAt: new Date(from.getTime() - s.lead_minutes * 60_000) };
}

/** Whether a series has an occurrence on a date (its days, its start and end). */
export function fallsOn(s: SeriesTimes, day: string) {
  return (
    day >= s.starts_on &&
    (s.ends_on == null || day <= s.ends_on) &&
    (s.weekdays & (1 << isoWeekday(day))) !== 0
  );
}

/** The next `n` dates of a series from `from` on (at most a year ahead). */
export function nextDates(s: SeriesTimes, from: string, n: number) {
  const out: string[] = [];
  let day = from < s.starts_on ? s.starts_on : from;
  for (let i = 0; i < 366 && out.length < n; i++, day = addDays(day, 1)) {
    if (s.ends_on != null && day > s.ends_on) break;
    if (fallsOn(s, day)) out.push(day);
  }
  return out;
}
