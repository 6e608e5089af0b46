import type { ViewCtx } from '../context.js';

export const num = (ctx: ViewCtx, n: number | null | undefined, digits = 2) =>
  n == null
    ? '—'
    : new Intl.NumberFormat(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB', {
        maximumFractionDigits: digits,
      }).format(n);
export const pct = (ctx: ViewCtx, n: number | null | undefined) =>
  n == null
    ? '—'
    : new Intl.NumberFormat(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB', {
        style: 'percent',
        maximumFractionDigits: 1,
      }).format(n);
export const eur = (ctx: ViewCtx, n: number | null | undefined) =>
  n == null
    ? '—'
    : new Intl.NumberFormat(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB', {
        style: 'currency',
        currency: 'EUR',
      }).format(n);
export const day = (ctx: ViewCtx, iso: string) =>
  new Intl.DateTimeFormat(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));

const locale = (lang: ViewCtx['lang']) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

/** A chart's x-axis label: "30 nov." / "30 Nov" by week, "nov. 2026" / "Nov 2026" by month. */
export const axisLabel = (ctx: ViewCtx, iso: string, series: 'week' | 'month') =>
  new Intl.DateTimeFormat(
    locale(ctx.lang),
    series === 'month'
      ? { month: 'short', year: 'numeric', timeZone: 'UTC' }
      : { day: 'numeric', month: 'short', timeZone: 'UTC' },
  ).format(new Date(`${iso}T00:00:00Z`));

/** The plural category of n in the page's language ("one", "other"…). */
export const plural = (ctx: ViewCtx, n: number) =>
  new Intl.PluralRules(locale(ctx.lang)).select(n) === 'one' ? 'one' : 'other';
