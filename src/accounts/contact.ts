import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { optionalFrenchPhone } from '../shared/phone.js';

/** The account's own phone: a French number (stored E.164) or none. */
export const ownPhoneSchema = z.object({ phone: optionalFrenchPhone });

/**
 * The driver's phone, which the shop of a donation they claim sees (donations/contacts.ts).
 * `phone` comes checked by `ownPhoneSchema`; null removes it.
 */
export async function setOwnPhone(db: Kysely<Database>, userId: number, phone: string | null) {
  await db.updateTable('users').set({ phone }).where('id', '=', userId).execute();
}
