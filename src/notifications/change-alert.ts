import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { t } from '../i18n/index.js';
import { asLang, donationPayload, type DonationForPush } from './payloads.js';

/**
 * A posted donation changed in what matters (kg, window, dates): the associations already told
 * of it are told once more, through the outbox, with the new figures. Only once per donation:
 * `change_alert_at` is set by the one guarded update that wins, and later changes tell nobody
 * (their feeds show the donation as it is). Runs in the caller's transaction. These rows carry no
 * donation id: the outbox keeps one message per device and donation, and that one is the offer.
 * Returns the number of messages queued.
 */
export async function queueChangeAlert(
  trx: Kysely<Database>,
  donation: DonationForPush,
  now: Date,
): Promise<number> {
  const first = await trx
    .updateTable('donations')
    .set({ change_alert_at: now })
    .where('id', '=', donation.id)
    .where('change_alert_at', 'is', null)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst();
  if (!first) return 0;
  const devices = await trx
    .selectFrom('notification_targets as nt')
    .innerJoin('memberships as m', 'm.organisation_id', 'nt.association_id')
    .innerJoin('push_subscriptions as s', 's.user_id', 'm.user_id')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 'u.lang', 'nt.distance_km'])
    .where('nt.donation_id', '=', donation.id)
    .where('nt.told_at', 'is not', null)
    .orderBy('s.id')
    .execute();
  // a member of two told associations gets one message, with the nearer distance
  const best = new Map<number, { lang: string; km: number }>();
  for (const d of devices) {
    const seen = best.get(d.id);
    if (!seen || Number(d.distance_km) < seen.km)
      best.set(d.id, { lang: d.lang, km: Number(d.distance_km) });
  }
  if (!best.size) return 0;
  await trx
    .insertInto('push_deliveries')
    .values(
      [...best].map(([subscriptionId, { lang, km }]) => {
        const offer = donationPayload(asLang(lang), donation, km);
        const what = t(asLang(lang), `cat.${donation.category}`);
        const title = t(asLang(lang), 'push.changed.title', { what });
        return {
          subscription_id: subscriptionId,
          donation_id: null,
          payload: JSON.stringify({ ...offer, title }),
          next_attempt_at: now,
        };
      }),
    )
    .execute();
  return best.size;
}
