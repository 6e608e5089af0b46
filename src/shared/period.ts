import { ValidationError } from './errors.js';
import { CATEGORIES } from './categories.js';
import { parseId } from './ids.js';

/** Days are Paris days; a period runs from its first to its last day, both included. */
export interface StatsQuery {
  period: 'last30' | 'month' | 'year' | 'custom';
  from: string;
  to: string;
  series: 'week' | 'month';
  category: string | null;
  shopId: number | null;
  associationId: number | null;
  organisationId: number | null;
}

export function parisToday(now: Date) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const DAY = 86_400_000;
export const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
export const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
const isDate = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const lastDayOfMonth = (ym: string) => addDays(`${addMonth(ym)}-01`, -1);
function addMonth(ym: string) {
  const [y, m] = ym.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function optionalId(v: string | undefined, field: string, errors: Record<string, string>) {
  if (v == null || v === '') return null;
  const n = parseId(v);
  if (n == null) errors[field] = 'stats.err.id';
  return n;
}

/** Read the dashboard's and the API's filters; a ValidationError, field by field, when wrong. */
export function parseStatsQuery(q: Record<string, string | undefined>, now: Date): StatsQuery {
  const errors: Record<string, string> = {};
  const today = parisToday(now);
  let period = (q.period ||
    (q.from || q.to
      ? 'custom'
      : q.year
        ? 'year'
        : q.month
          ? 'month'
          : 'last30')) as StatsQuery['period'];
  let from = addDays(today, -29);
  let to = today;
  if (period === 'month') {
    const m = q.month || today.slice(0, 7);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) errors.month = 'stats.err.month';
    else ((from = `${m}-01`), (to = lastDayOfMonth(m)));
  } else if (period === 'year') {
    const y = q.year || today.slice(0, 4);
    if (!/^(19|20)\d{2}$/.test(y)) errors.year = 'stats.err.year';
    else ((from = `${y}-01-01`), (to = `${y}-12-31`));
  } else if (period === 'custom') {
    if (!q.from || !isDate(q.from)) errors.from = 'stats.err.date';
    if (!q.to || !isDate(q.to)) errors.to = 'stats.err.date';
    if (!errors.from && !errors.to) {
      from = q.from!;
      to = q.to!;
      if (from > to) errors.to = 'stats.err.order';
      else if (daysBetween(from, to) > 366 * 5) errors.to = 'stats.err.too_long';
    }
  } else if (period !== 'last30') {
    errors.period = 'stats.err.period';
    period = 'last30';
  }
  const category = q.category || null;
  if (category && !(CATEGORIES as readonly string[]).includes(category))
    errors.category = 'stats.err.category';
  let series = (q.series ||
    (daysBetween(from, to) > 120 ? 'month' : 'week')) as StatsQuery['series'];
  if (series !== 'week' && series !== 'month')
    ((errors.series = 'stats.err.series'), (series = 'week'));
  const shopId = optionalId(q.shop, 'shop', errors);
  const associationId = optionalId(q.association, 'association', errors);
  const organisationId = optionalId(q.organisationId, 'organisationId', errors);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { period, from, to, series, category, shopId, associationId, organisationId };
}

/** First days of the months entirely inside [from, to]: [start, end) or null. */
export function wholeMonths(from: string, to: string): [string, string] | null {
  const start = from.endsWith('-01') ? from : `${addMonth(from.slice(0, 7))}-01`;
  const end =
    to === lastDayOfMonth(to.slice(0, 7))
      ? `${addMonth(to.slice(0, 7))}-01`
      : `${to.slice(0, 7)}-01`;
  return start < end ? [start, end] : null;
}
