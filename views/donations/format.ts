import { formatCelsius, formatKg, formatKm } from '../../src/i18n/format.js';
import { formatDateTime, parisDate, parisTime } from '../../src/shared/time.js';
import type { ViewCtx } from '../context.js';

export function timeLeft(ms: number) {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h${min % 60 ? ` ${String(min % 60).padStart(2, '0')}` : ''}`;
  return `${Math.floor(h / 24)} j`;
}

export const when = (ctx: ViewCtx, d: Date) => formatDateTime(d, ctx.lang);

/**
 * A pickup window, "jeu. 3 déc., 20:30 → 22:30": the end's day is written only when it is another
 * day than the start's ("jeu. 3 déc., 20:30 → ven. 4 déc., 01:30"). The donation page and the
 * round page write their windows with it.
 */
export function pickupWindow(ctx: ViewCtx, from: Date, until: Date) {
  const end = parisDate(from) === parisDate(until) ? parisTime(until) : when(ctx, until);
  return `${when(ctx, from)} → ${end}`;
}

/** "6,5 kg" / "6.5 kg", "0,7 km" / "0.7 km", "9,5 °C" / "9.5 °C" in the page's language. */
export const kg = (ctx: ViewCtx, n: number | string | null) => formatKg(ctx.lang, n);
export const km = (ctx: ViewCtx, n: number | string | null) => formatKm(ctx.lang, n);
export const celsius = (ctx: ViewCtx, n: number | string | null) => formatCelsius(ctx.lang, n);

/** Opens the phone's maps app (Google Maps links open the app on Android and iOS). */
export function mapsUrl(lat: number, lng: number) {
  return `https://www.google.com/maps/dir/?api=1&destination=${lat},${lng}`;
}

/** A handover code as the shop reads it out: "482 917" (the four-digit codes of before as they are). */
export function handoverCodeText(code: string | null) {
  if (!code) return '';
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}
