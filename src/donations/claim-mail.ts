import type { Actor } from '../accounts/actor.js';
import type { Donation } from '../db/schema.js';
import { asLang } from '../notifications/payloads.js';
import { queueMessages } from '../mail/outbox.js';
import { formatDateTime } from '../shared/time.js';
import type { Db } from './donation.js';

/**
 * Tells the shop's staff that a driver claimed their donation (who, for which association, when,
 * and the window), by e-mail, written to the outbox in the claim's transaction: sent after commit
 * by the sender, never holding up the claim. One message per claim and address (a donation
 * released and claimed again is a new claim); failing addresses and those who stopped these
 * messages are left out (queueMessages: a few statements whatever the staff's size, inside the
 * claim's transaction). Returns how many were queued.
 */
export async function queueClaimMails(
  trx: Db,
  d: Pick<
    Donation,
    'id' | 'shop_id' | 'description' | 'quantity_kg' | 'pickup_from' | 'pickup_until'
  >,
  actor: Actor,
  associationName: string,
  now: Date,
): Promise<number> {
  const staff = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.lang'])
    .where('m.organisation_id', '=', d.shop_id)
    .where('u.email_failing_at', 'is', null)
    .orderBy('u.id')
    .execute();
  const messages = staff.map((s) => {
    const lang = asLang(s.lang);
    return {
      userId: s.id,
      template: 'donation_claimed',
      key: `claim:${d.id}:${now.toISOString()}`,
      donationId: d.id,
      purpose: 'donation_updates',
      params: {
        driver: actor.user.name,
        association: associationName,
        description: d.description.length > 120 ? `${d.description.slice(0, 119)}…` : d.description,
        kg: Number(d.quantity_kg).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB'),
        claimedAt: formatDateTime(now, lang),
        from: formatDateTime(new Date(d.pickup_from), lang),
        until: formatDateTime(new Date(d.pickup_until), lang),
      },
      links: { donation: `/donations/${d.id}` },
    };
  });
  return queueMessages(trx, 'email', messages, now);
}
