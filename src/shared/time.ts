/** Times are shown and typed in Europe/Paris; stored as instants. */
export const TIME_ZONE = 'Europe/Paris';

// Building an Intl.DateTimeFormat costs far more than using one: build each once.
const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const displayOptions: Intl.DateTimeFormatOptions = {
  timeZone: TIME_ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
};
const displayFormats = {
  fr: new Intl.DateTimeFormat('fr-FR', displayOptions),
  en: new Intl.DateTimeFormat('en-GB', displayOptions),
};

/** Paris's offset from UTC at an instant, in ms, from the time zone database (slow: Intl). */
function offsetFromIntl(instant: number) {
  const parts = partsFormat.formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const HOUR = 3_600_000;
const offsets = new Map<number, number>();

/**
 * Paris's offset from UTC at an instant. It only changes on the hour (01:00 UTC, the last Sundays
 * of March and October), so it is asked of Intl once per hour and kept: planning the waves of a
 * donation asks it hundreds of times.
 */
function offsetMs(instant: number) {
  const hour = Math.floor(instant / HOUR);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(hour, (offset = offsetFromIntl(hour * HOUR)));
  }
  return offset;
}

/** The Paris wall clock of an instant, as a Date whose UTC fields read it. */
function wallClock(d: Date) {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid time value');
  return new Date(t + offsetMs(t));
}

/** '2026-11-27' + '14:30' in Paris -> the instant. Null when the strings are not a date and time. */
export function parisLocalToDate(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!d || !t) return null;
  const guess = Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2]);
  if (new Date(guess).getUTCDate() !== +d[3]) return null; // 2026-02-31
  let instant = guess - offsetMs(guess);
  instant = guess - offsetMs(instant);
  return new Date(instant);
}

/** The Paris calendar date of an instant, 'YYYY-MM-DD'. */
export function parisDate(d: Date): string {
  return wallClock(d).toISOString().slice(0, 10);
}

/** The Paris wall-clock time of an instant, 'HH:MM'. */
export function parisTime(d: Date): string {
  return wallClock(d).toISOString().slice(11, 16);
}

/** ISO day of week in Paris, 1 = Monday ... 7 = Sunday. */
export function parisWeekday(d: Date): number {
  return wallClock(d).getUTCDay() || 7;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function formatDateTime(d: Date, lang: 'fr' | 'en') {
  return displayFormats[lang].format(d);
}
