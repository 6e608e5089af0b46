import type { Actor } from '../accounts/actor.js';
import type { Donation } from '../db/schema.js';
import { formatNumber } from '../i18n/format.js';
import { formatDateTime } from '../shared/time.js';
import type { Db } from './donation.js';
import { shortDescription, tellShop } from './shop-news.js';

/**
 * Tells the shop's staff that a driver claimed their donation (who, for which association, when,
 * and the window), on the channels each chose for 'donation_claimed' (by default e-mail, or push
 * where they have a device), written to the outbox in the claim's transaction: sent after commit,
 * never holding up the claim. One message per claim and address (a donation released and claimed
 * again is a new claim); failing addresses and those who stopped these messages are left out.
 * Returns how many were queued.
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
  return tellShop(
    trx,
    {
      shopId: d.shop_id,
      donationId: d.id,
      kind: 'donation_claimed',
      template: 'donation_claimed',
      key: `claim:${d.id}:${now.toISOString()}`,
      // the template reads figures and dates already written: in each recipient's language
      params: (lang) => ({
        driver: actor.user.name,
        association: associationName,
        description: shortDescription(d),
        kg: formatNumber(lang, d.quantity_kg),
        claimedAt: formatDateTime(now, lang),
        from: formatDateTime(new Date(d.pickup_from), lang),
        until: formatDateTime(new Date(d.pickup_until), lang),
      }),
    },
    now,
  );
}
