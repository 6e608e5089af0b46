import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Called by postDonation inside its transaction: records who is to be told of a new donation
 * (the outbox), so that posting and planning the notifications commit together.
 * TODO(real-time issue): fill in; a no-op until then.
 */
export async function planNotifications(_trx: Kysely<Database>, _donationId: number, _now: Date): Promise<void> {}
