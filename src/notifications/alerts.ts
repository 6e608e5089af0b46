import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { t } from '../i18n/index.js';
import { asLang, donationPayload, type DonationForPush } from './payloads.js';
import { queueNotifications, type Message } from './queue.js';
import { photoPath } from '../donations/photos.js';

type Db = Kysely<Database>;

/**
 * Tells the members of the told associations of a donation, each on the channels they chose for
 * 'donation_alert' (the default: push where they have a device, else e-mail; nothing rings in
 * their quiet hours, see choices.ts): one push row per device, one e-mail or SMS per person. A
 * member of two told associations is told once, with the nearer distance. A handful of
 * statements whatever the number of members. `variant`: the offer itself (push rows keyed by
 * device and donation, e-mails by `alert:<id>`: a later wave never tells anyone twice) or its one
 * change alert (change-alert.ts). Returns the number of push rows written (the e-mails and SMS
 * are counted by `mail`).
 */
export async function alertMembers(
  db: Db,
  donation: DonationForPush,
  told: readonly { association_id: number; distance_km: number | string }[],
  now: Date,
  variant: 'offer' | 'change' = 'offer',
): Promise<{ push: number; mail: number }> {
  if (!told.length) return { push: 0, mail: 0 };
  const distance = new Map(told.map((t) => [t.association_id, Number(t.distance_km)]));
  const members = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.lang', 'm.organisation_id'])
    .where('m.organisation_id', 'in', [...distance.keys()])
    .execute();
  const nearest = new Map<number, { lang: string; km: number }>();
  for (const m of members) {
    const km = distance.get(m.organisation_id)!;
    const seen = nearest.get(m.id);
    if (!seen || km < seen.km) nearest.set(m.id, { lang: m.lang, km });
  }
  if (!nearest.size) return { push: 0, mail: 0 };
  const shop = await db
    .selectFrom('donations as d')
    .innerJoin('organisations as o', 'o.id', 'd.shop_id')
    .select('o.name')
    .where('d.id', '=', donation.id)
    .executeTakeFirst();
  const description =
    donation.description.length > 120
      ? `${donation.description.slice(0, 119)}…`
      : donation.description;
  const messages = [...nearest].map(([userId, { lang, km }]): Message => {
    const l = asLang(lang);
    return {
      userId,
      mail: {
        template: variant === 'offer' ? 'donation_alert' : 'donation_changed',
        key: `${variant === 'offer' ? 'alert' : 'change'}:${donation.id}`,
        purpose: 'donation_alert',
        donationId: donation.id,
        params: {
          shop: shop?.name ?? '',
          category: donation.category,
          description,
          kg: Number(donation.quantity_kg),
          km: Math.round(km * 10) / 10,
          until: new Date(donation.pickup_until).toISOString(),
        },
        links: {
          donation: `/donations/${donation.id}`,
          ...(donation.photo_token ? { photo: photoPath(donation.photo_token)! } : {}),
        },
      },
      push: {
        payload: () => {
          const offer = donationPayload(l, donation, km);
          if (variant === 'offer') return offer;
          const what = t(l, `cat.${donation.category}`);
          return { ...offer, title: t(l, 'push.changed.title', { what }) };
        },
        // a change carries no donation id: the outbox keeps one message per device and donation
        ...(variant === 'offer' ? { donationId: donation.id } : {}),
      },
    };
  });
  const queued = await queueNotifications(db, 'donation_alert', messages, now);
  return { push: queued.push, mail: queued.email + queued.sms };
}
