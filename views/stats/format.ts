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
