import { formatDateTime } from '../../src/shared/time.js';
import type { ViewCtx } from '../context.js';

export function timeLeft(ms: number) {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h${min % 60 ? ` ${String(min % 60).padStart(2, '0')}` : ''}`;
  return `${Math.floor(h / 24)} j`;
}

export const when = (ctx: ViewCtx, d: Date) => formatDateTime(d, ctx.lang);

export function kg(n: number | string) {
  return `${Number(n).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} kg`;
}

/** Opens the phone's maps app (Google Maps links open the app on Android and iOS). */
export function mapsUrl(lat: number, lng: number) {
  return `https://www.google.com/maps/dir/?api=1&destination=${lat},${lng}`;
}

/** A handover code as the shop reads it out: "482 917" (the four-digit codes of before as they are). */
export function handoverCodeText(code: string | null) {
  if (!code) return '';
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}
