import type { ReceiptPeriod } from '../db/schema.js';

/** What an association may choose: one receipt per month, per quarter or per year of each shop. */
export const RECEIPT_PERIODS = ['month', 'quarter', 'year'] as const satisfies ReceiptPeriod[];

const pad = (n: number) => String(n).padStart(2, '0');
/** The last day of month `m` (1-12) of year `y`, as YYYY-MM-DD. */
const lastDay = (y: number, m: number) =>
  `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;

/** The month, quarter or year that holds `day` (YYYY-MM-DD): its first and its last day. */
export function unitOf(kind: ReceiptPeriod, day: string) {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  if (kind === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` };
  const first = kind === 'quarter' ? Math.floor((m - 1) / 3) * 3 + 1 : m;
  const last = kind === 'quarter' ? first + 2 : m;
  return { from: `${y}-${pad(first)}-01`, to: lastDay(y, last) };
}

/** Whether [from, to] is exactly one month, quarter or year, as the association chose. */
export const isWholeUnit = (kind: ReceiptPeriod, from: string, to: string) => {
  const u = unitOf(kind, from);
  return u.from === from && u.to === to;
};

/** The units of `year` that have ended by `today` (a receipt covers a period that is over). */
export function endedUnits(kind: ReceiptPeriod, year: number, today: string) {
  const out: { from: string; to: string }[] = [];
  for (let day = `${year}-01-01`; day.startsWith(String(year));) {
    const u = unitOf(kind, day);
    if (u.to > today) break;
    out.push(u);
    const [y, m] = u.to.split('-').map(Number) as [number, number];
    day = m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
  }
  return out;
}
