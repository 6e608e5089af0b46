import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { alertMembers } from './alerts.js';
import type { DonationForPush } from './payloads.js';

/**
 * A posted donation changed in what matters (kg, window, dates): the associations already told
 * of it are told once more, through the outbox, with the new figures. Only once per donation:
 * `change_alert_at` is set by the one guarded update that wins, and later changes tell nobody
 * (their feeds show the donation as it is). Runs in the caller's transaction. These rows carry no
 * donation id: the outbox keeps one message per device and donation, and that one is the offer.
 * Members get it on the channels they chose for alerts (alerts.ts). Returns the number of push
 * messages queued.
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
  const told = await trx
    .selectFrom('notification_targets')
    .select(['association_id', 'distance_km', 'via_hub_id'])
    .where('donation_id', '=', donation.id)
    .where('told_at', 'is not', null)
    .execute();
  return (await alertMembers(trx, donation, told, now, 'change')).push;
}
