import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { hasControlChar } from '../shared/input.js';
import { optionalPhone } from '../shared/phone.js';
import { emailState } from './email-confirmation.js';

/** The account's own phone: French or international (stored E.164), or none. */
export const ownPhoneSchema = z.object({ phone: optionalPhone });

/** The person's name and the language of their pages and messages. */
export const ownProfileSchema = z.object({
  name: z
    .string({ error: 'err.required' })
    .trim()
    .min(1, 'err.required')
    .max(100, 'err.too_long')
    .refine((s) => !hasControlChar(s), 'err.invalid_char')
    .optional(),
  lang: z.enum(['fr', 'en'], { error: 'err.choice' }).optional(),
});

/** PATCH /api/v1/me: any of the four; `email` is checked by requestEmailChange. */
export const meSchema = ownProfileSchema.extend({
  email: z
    .string({ error: 'err.email' })
    .max(254, 'err.too_long')
    .refine((s) => !hasControlChar(s), 'err.email')
    .optional(),
  phone: optionalPhone,
});

/** POST /api/v1/me/phone/verification: the code's shape is checked by verifyPhoneCode. */
export const phoneCodeSchema = z.object({
  code: z.string({ error: 'phone.err.code_format' }).max(20, 'phone.err.code_format'),
});

/**
 * The driver's phone, which the shop of a donation they claim sees (donations/contacts.ts).
 * `phone` comes checked by `ownPhoneSchema`; null removes it. A new number is not failing (yet),
 * and not verified: no SMS goes to it until the code sent there is typed back; a code waiting for
 * the old one ends.
 */
export async function setOwnPhone(db: Kysely<Database>, userId: number, phone: string | null) {
  await db
    .updateTable('users')
    .set({
      phone,
      phone_failing_at: sql`case when phone is not distinct from ${phone} then phone_failing_at end`,
      phone_verified_at: sql`case when phone is not distinct from ${phone} then phone_verified_at end`,
    })
    .where('id', '=', userId)
    .execute();
  await db
    .deleteFrom('phone_codes')
    .where('user_id', '=', userId)
    .where('phone', 'is distinct from', phone)
    .execute();
}

/** Name and language, as checked by `ownProfileSchema` (absent: unchanged). */
export async function setOwnProfile(
  db: Kysely<Database>,
  userId: number,
  input: z.infer<typeof ownProfileSchema>,
) {
  const set: { name?: string; lang?: string } = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.lang !== undefined) set.lang = input.lang;
  if (!Object.keys(set).length) return;
  await db.updateTable('users').set(set).where('id', '=', userId).execute();
}

/** The account as GET /api/v1/me gives it (read afresh: the actor may be a cached one). */
export async function ownAccount(db: Kysely<Database>, userId: number, now: Date) {
  const u = await db
    .selectFrom('users')
    .select([
      'id',
      'name',
      'email',
      'lang',
      'phone',
      'email_failing_at',
      'phone_failing_at',
      'phone_verified_at',
    ])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const { confirmed, pendingEmail } = await emailState(db, userId, now);
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    lang: u.lang,
    phone: u.phone,
    emailConfirmed: confirmed,
    pendingEmail,
    emailFailing: !!u.email_failing_at,
    phoneFailing: !!u.phone_failing_at,
    /** SMS go to the phone only once its owner typed back the code sent there */
    phoneVerified: !!u.phone && !!u.phone_verified_at,
  };
}
