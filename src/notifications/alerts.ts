import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { t } from '../i18n/index.js';
import { queueMessages as queueMail, type NewMessage } from '../mail/outbox.js';
import { channelsFor, type Channel } from './choices.js';
import { asLang, donationPayload, type DonationForPush } from './payloads.js';
import { photoPath } from '../donations/photos.js';

type Db = Kysely<Database>;
const CHUNK = 500;

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
  const channels = await channelsFor(db, [...nearest.keys()], 'donation_alert', now);
  const on = (c: Channel) => [...channels].filter(([, cs]) => cs.includes(c)).map(([id]) => id);
  const push = await queuePush(db, donation, nearest, on('push'), now, variant);
  const mail = await queueMails(db, donation, nearest, on('email'), on('sms'), now, variant);
  return { push, mail };
}

async function queuePush(
  db: Db,
  donation: DonationForPush,
  nearest: Map<number, { lang: string; km: number }>,
  userIds: number[],
  now: Date,
  variant: 'offer' | 'change',
) {
  if (!userIds.length) return 0;
  const devices = await db
    .selectFrom('push_subscriptions')
    .select(['id', 'user_id'])
    .where('user_id', 'in', userIds)
    .orderBy('id')
    .execute();
  const rows = devices.map((d) => {
    const { lang, km } = nearest.get(d.user_id)!;
    const offer = donationPayload(asLang(lang), donation, km);
    const what = t(asLang(lang), `cat.${donation.category}`);
    return {
      subscription_id: d.id,
      // a change carries no donation id: the outbox keeps one message per device and donation
      donation_id: variant === 'offer' ? donation.id : null,
      payload: JSON.stringify(
        variant === 'offer'
          ? offer
          : { ...offer, title: t(asLang(lang), 'push.changed.title', { what }) },
      ),
      next_attempt_at: now,
    };
  });
  let queued = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const r = await db
      .insertInto('push_deliveries')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc
          .columns(['subscription_id', 'donation_id'])
          .where('donation_id', 'is not', null)
          .doNothing(),
      )
      .returning('id')
      .execute();
    queued += r.length;
  }
  return queued;
}

async function queueMails(
  db: Db,
  donation: DonationForPush,
  nearest: Map<number, { lang: string; km: number }>,
  byEmail: number[],
  bySms: number[],
  now: Date,
  variant: 'offer' | 'change',
) {
  if (!byEmail.length && !bySms.length) return 0;
  const shop = await db
    .selectFrom('donations as d')
    .innerJoin('organisations as o', 'o.id', 'd.shop_id')
    .select('o.name')
    .where('d.id', '=', donation.id)
    .executeTakeFirst();
  const message = (userId: number): NewMessage => ({
    userId,
    template: variant === 'offer' ? 'donation_alert' : 'donation_changed',
    key: `${variant === 'offer' ? 'alert' : 'change'}:${donation.id}`,
    purpose: 'donation_alert',
    donationId: donation.id,
    params: {
      shop: shop?.name ?? '',
      category: donation.category,
      description:
        donation.description.length > 120
          ? `${donation.description.slice(0, 119)}…`
          : donation.description,
      kg: Number(donation.quantity_kg),
      km: Math.round(nearest.get(userId)!.km * 10) / 10,
      until: new Date(donation.pickup_until).toISOString(),
    },
    links: {
      donation: `/donations/${donation.id}`,
      ...(donation.photo_token ? { photo: photoPath(donation.photo_token)! } : {}),
    },
  });
  return (
    (await queueMail(db, 'email', byEmail.map(message), now)) +
    (await queueMail(db, 'sms', bySms.map(message), now))
  );
}
