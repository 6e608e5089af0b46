/**
 * What any text or number a client sends must be before it reaches the database, shared by the
 * zod schemas of every feature (and the few hand-written parsers).
 */

/**
 * Control characters: PostgreSQL refuses NUL in text outright, and the others (escape, bell,
 * backspace...) are never typed on purpose. Tab and line ends stay: they are how text is typed.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const hasControlChar = (s: string) => CONTROL.test(s);

/** A real day of the calendar written YYYY-MM-DD (no 2026-02-30, no 0000-00-00, no year 99999). */
export function isCalendarDate(s: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '0001-01-01';
}

/** Round to what a numeric(p, places) column keeps, so the rule is checked on what is stored. */
export const roundTo = (places: number) => (n: number) => {
  if (!Number.isFinite(n)) return n; // left for the caller to refuse
  const f = 10 ** places;
  return Math.round(n * f) / f || 0; // `|| 0`: no -0
};
