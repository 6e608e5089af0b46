import {
  formatEur,
  formatKg,
  formatNumber,
  formatPercent,
  pluralCategory,
} from '../../src/i18n/format.js';
import type { ViewCtx } from '../context.js';

// Numbers through src/i18n/format.ts, in the page's language.
export const num = (ctx: ViewCtx, n: number | null | undefined, digits = 2) =>
  formatNumber(ctx.lang, n, digits);
export const pct = (ctx: ViewCtx, n: number | null | undefined) => formatPercent(ctx.lang, n);
export const eur = (ctx: ViewCtx, n: number | null | undefined) => formatEur(ctx.lang, n);
export const kg = (ctx: ViewCtx, n: number | null | undefined) => formatKg(ctx.lang, n);
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

/** The plural category of n in the page's language ("one", "other"). */
export const plural = (ctx: ViewCtx, n: number) => pluralCategory(ctx.lang, n);
