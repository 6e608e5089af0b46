import { formatNumber } from '../../src/i18n/format.js';
import type { ViewCtx } from '../context.js';

/** Numbers as people of the page's language write them: kg with up to 2 decimals, EUR with 2. */
export const kg = (ctx: ViewCtx, n: number) => formatNumber(ctx.lang, n);
export const eur = (ctx: ViewCtx, n: number) =>
  new Intl.NumberFormat(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(n);
export const productName = (ctx: ViewCtx, p: { name_fr: string; name_en: string }) =>
  ctx.lang === 'fr' ? p.name_fr : p.name_en;
/** A withdrawal's day as the certificates write it: "08/07/2026" (fr-FR and en-GB alike). */
export const date = (_ctx: ViewCtx, iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
};
