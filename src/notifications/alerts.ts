import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { t } from '../i18n/index.js';
import { asLang, donationPayload, type DonationForPush } from './payloads.js';
import { queueNotifications, type Message } from './queue.js';
import { channelFactColumns } from './choices.js';
import { photoPath } from '../donations/photos.js';

type Db = Kysely<Database>;

/** An association told of a donation, how far, and the relay hub it may claim it through (or none). */
export interface Told {
  association_id: number;
  distance_km: number | string;
  via_hub_id?: number | null;
}

/** The names of the relay hubs the told are told through, by id (one statement, or none). */
export async function hubNames(db: Db, told: readonly Told[]) {
  const ids = [...new Set(told.flatMap((t) => (t.via_hub_id ? [t.via_hub_id] : [])))];
  if (!ids.length) return new Map<number, string>();
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((h) => [h.id, h.name]));
}

/** A donation and the associations told of it (alertMembersMany). */
export interface Alert {
  donation: DonationForPush;
  told: readonly Told[];
}

/**
 * Tells the members of the told associations of a donation, each on the channels they chose for
 * 'donation_alert' (the default: push where they have a device, else e-mail; nothing rings in
 * their quiet hours, see choices.ts): one push row per device, one e-mail or SMS per person. A
 * member of two told associations is told once, with the nearer distance. A handful of
 * statements whatever the number of members. `variant`: the offer itself (push rows keyed by
 * device and donation, e-mails by `alert:<id>`: a later wave never tells anyone twice) or its one
 * change alert (change-alert.ts). A partner told through a relay hub (`via_hub_id`) is told so,
 * with the hub's name: it claims it "via the hub". Returns the number of push rows written (the
 * e-mails and SMS are counted by `mail`).
 */
export async function alertMembers(
  db: Db,
  donation: DonationForPush,
  told: readonly Told[],
  now: Date,
  variant: 'offer' | 'change' = 'offer',
): Promise<{ push: number; mail: number }> {
  return alertMembersMany(db, [{ donation, told }], now, variant);
}

/**
 * alertMembers for several donations at once (a batch of regular donations' dates): the same
 * statements as for one, whatever the number of donations.
 */
export async function alertMembersMany(
  db: Db,
  alerts: readonly Alert[],
  now: Date,
  variant: 'offer' | 'change' = 'offer',
): Promise<{ push: number; mail: number }> {
  const told = alerts.flatMap((a) => a.told);
  if (!told.length) return { push: 0, mail: 0 };
  const kind = 'donation_alert';
  // who is told, with what decides their channels and devices (queue.ts reads nothing more), then
  // the shops' names: one after the other (a transaction runs its statements in turn)
  const hubName = await hubNames(db, told);
  const members = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.lang', 'm.organisation_id', ...channelFactColumns(kind)])
    .where('m.organisation_id', 'in', [...new Set(told.map((t) => t.association_id))])
    .execute();
  if (!members.length) return { push: 0, mail: 0 };
  const byAssociation = new Map<number, typeof members>();
  for (const m of members) {
    const list = byAssociation.get(m.organisation_id);
    if (list) list.push(m);
    else byAssociation.set(m.organisation_id, [m]);
  }
  const shops = await db
    .selectFrom('donations as d')
    .innerJoin('organisations as o', 'o.id', 'd.shop_id')
    .select(['d.id', 'o.name'])
    .where(
      'd.id',
      'in',
      alerts.map((a) => a.donation.id),
    )
    .execute();
  // a member of two told associations is one user: their facts once
  const facts = new Map(members.map((m) => [m.id, m]));
  const shopName = new Map(shops.map((s) => [s.id, s.name]));
  const messages: Message[] = [];
  for (const { donation, told } of alerts) {
    const nearest = new Map<number, { lang: string; km: number; hub: string | null }>();
    for (const a of told)
      for (const m of byAssociation.get(a.association_id) ?? []) {
        const km = Number(a.distance_km);
        const seen = nearest.get(m.id);
        const hub = a.via_hub_id ? (hubName.get(a.via_hub_id) ?? null) : null;
        if (!seen || km < seen.km) nearest.set(m.id, { lang: m.lang, km, hub });
      }
    const description =
      donation.description.length > 120
        ? `${donation.description.slice(0, 119)}…`
        : donation.description;
    for (const [userId, { lang, km, hub }] of nearest) {
      const l = asLang(lang);
      messages.push({
        userId,
        mail: {
          template: variant === 'offer' ? 'donation_alert' : 'donation_changed',
          key: `${variant === 'offer' ? 'alert' : 'change'}:${donation.id}`,
          purpose: 'donation_alert',
          donationId: donation.id,
          params: {
            shop: shopName.get(donation.id) ?? '',
            category: donation.category,
            description,
            kg: Number(donation.quantity_kg),
            km: Math.round(km * 10) / 10,
            until: new Date(donation.pickup_until).toISOString(),
            ...(hub ? { hub } : {}),
          },
          links: {
            donation: `/donations/${donation.id}`,
            ...(donation.photo_token ? { photo: photoPath(donation.photo_token)! } : {}),
          },
        },
        push: {
          payload: () => {
            const offer = donationPayload(l, donation, km);
            const what = t(l, `cat.${donation.category}`);
            const title = variant === 'offer' ? offer.title : t(l, 'push.changed.title', { what });
            return { ...offer, title: hub ? t(l, 'push.via_hub.title', { hub, title }) : title };
          },
          // a change carries no donation id: the outbox keeps one message per device and donation
          ...(variant === 'offer' ? { donationId: donation.id } : {}),
        },
      });
    }
  }
  const queued = await queueNotifications(db, kind, messages, now, facts);
  return { push: queued.push, mail: queued.email + queued.sms };
}
