import { formatKm, formatNumber } from '../i18n/format.js';
import { t, type Lang } from '../i18n/index.js';
import { formatDateTime } from '../shared/time.js';
import type { PushPayload } from '../db/schema.js';
import { photoPath } from '../donations/photos.js';

export interface DonationForPush {
  id: number;
  category: string;
  description: string;
  quantity_kg: number;
  pickup_until: Date;
  /** where the donation has a photo, the phone shows it in the notification */
  photo_token?: string | null;
}

/** What the phone shows: what, how many kg, how far, until when, in the user's language. */
export function donationPayload(lang: Lang, d: DonationForPush, distanceKm: number): PushPayload {
  const description = d.description.length > 80 ? `${d.description.slice(0, 79)}…` : d.description;
  return {
    title: t(lang, 'push.title', {
      distance: formatKm(lang, distanceKm),
      what: t(lang, `cat.${d.category}`),
    }),
    body: t(lang, 'push.body', {
      kg: formatNumber(lang, d.quantity_kg),
      description,
      until: formatDateTime(new Date(d.pickup_until), lang),
    }),
    url: `/donations/${d.id}`,
    donationId: d.id,
    ...(d.photo_token ? { image: photoPath(d.photo_token)! } : {}),
  };
}

export function testPayload(lang: Lang): PushPayload {
  return {
    title: t(lang, 'push.test.title'),
    body: t(lang, 'push.test.body'),
    url: '/notifications',
    donationId: null,
  };
}

export const asLang = (s: string | null | undefined): Lang => (s === 'en' ? 'en' : 'fr');
