import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { queueEmail } from '../mail/outbox.js';
import { RuleBrokenError, TooManyAttemptsError, ValidationError } from '../shared/errors.js';
import { setPassword } from './credentials.js';
import { throttleKey } from './sign-in-throttle.js';
import { randomToken, sha256, tokenHashOf } from './tokens.js';

type Db = Kysely<Database>;

export const RESET_TTL_MS = 3_600_000;
/** Mails per address per hour: asked 50 times, the owner gets 3. */
const PER_ADDRESS = { limit: 3, windowMs: 3_600_000 };
/** Asks per client address per 15 minutes, whatever the e-mails: past it, 429. */
const PER_CLIENT = { limit: 20, windowMs: 15 * 60_000 };
/**
 * Link mails (a reset, a confirmation of a new address, "this address is in use") to one address
 * per hour, whichever account or client asked: past it nothing more is sent there, and the answer
 * stays the same. Nobody can fill someone's inbox from several accounts.
 */
export const PER_RECIPIENT = { limit: 5, windowMs: 3_600_000 };

/** A reset link that is not one, was used, or is over an hour old: the same refusal for all. */
export class InvalidResetTokenError extends RuleBrokenError {
  constructor() {
    super('invalid_reset_token', 'reset.err.token', { token: 'reset.err.token' });
  }
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

/** A plausible address, bounded, lower-cased; anything else is refused next to the field. */
export function resetEmail(value: unknown): string {
  const email = String(value ?? '')
    .trim()
    .toLowerCase();
  if (!email) throw new ValidationError({ email: 'err.required' });
  // no control character (PostgreSQL text cannot even hold a NUL)
  if (email.length > 254 || !EMAIL.test(email) || /[\u0000-\u001f\u007f]/.test(email))
    throw new ValidationError({ email: 'reset.err.email' });
  return email;
}

/**
 * One more ask counted under `key` in a fixed window, atomically (one upsert: concurrent asks
 * each see the count of those before them). Returns the count in this window. The rows share
 * sign_in_throttles (keys `reset-*:`), and its nightly cleanup.
 */
export async function countInWindow(db: Db, key: string, windowMs: number, now: Date) {
  const start = new Date(now.getTime() - windowMs);
  const row = await db
    .insertInto('sign_in_throttles')
    .values({ key, failures: 1, last_at: now, blocked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when sign_in_throttles.last_at <= ${start} then 1 else sign_in_throttles.failures + 1 end`,
        last_at: sql`case when sign_in_throttles.last_at <= ${start} then ${now} else sign_in_throttles.last_at end`,
      }),
    )
    .returning(['failures', 'last_at'])
    .executeTakeFirstOrThrow();
  return { n: row.failures, since: new Date(row.last_at) };
}

/**
 * One more link mail to `email` (lower-cased), counted in the transaction that would write it, by
 * the same atomic upsert as countInWindow: concurrent asks each see the count of those before
 * them, so at most PER_RECIPIENT.limit go in an hour. Returns whether this one may go.
 */
export async function mayMailLinkTo(db: Db, email: string, now: Date): Promise<boolean> {
  const c = await countInWindow(
    db,
    `link-to:${JSON.stringify(email.toLowerCase())}`,
    PER_RECIPIENT.windowMs,
    now,
  );
  return c.n <= PER_RECIPIENT.limit;
}

/**
 * "Mot de passe oublié ?": the same answer whatever the address. For a known address, under its
 * limit, a random token (stored hashed, 1 hour, single use) and its mail are written together;
 * the mail leaves after commit, by the sender. A client asking too often waits (429), whichever
 * addresses it asks for. Returns whether a mail was queued (for the caller to wake the sender).
 */
export async function requestPasswordReset(
  db: Db,
  input: { email: unknown; ip: string },
  now: Date,
): Promise<boolean> {
  const email = resetEmail(input.email);
  return db.transaction().execute(async (trx) => {
    const client = await countInWindow(
      trx,
      `reset-client:${throttleKey(input.ip)}`,
      PER_CLIENT.windowMs,
      now,
    );
    if (client.n > PER_CLIENT.limit) {
      const wait = client.since.getTime() + PER_CLIENT.windowMs - now.getTime();
      throw new TooManyAttemptsError('reset.err.throttled', Math.max(1, Math.ceil(wait / 1000)));
    }
    const address = await countInWindow(
      trx,
      `reset-email:${JSON.stringify(email)}`,
      PER_ADDRESS.windowMs,
      now,
    );
    if (address.n > PER_ADDRESS.limit) return false;
    if (!(await mayMailLinkTo(trx, email, now))) return false;
    const user = await trx
      .selectFrom('users')
      .select(['id'])
      .where(sql`lower(email)`, '=', email)
      .executeTakeFirst();
    if (!user) return false;
    const token = randomToken();
    const hash = await sha256(token);
    await trx
      .insertInto('password_resets')
      .values({
        token_hash: hash,
        user_id: user.id,
        created_at: now,
        expires_at: new Date(now.getTime() + RESET_TTL_MS),
      })
      .execute();
    return queueEmail(
      trx,
      {
        userId: user.id,
        template: 'password_reset',
        key: `reset:${hash}`,
        params: {},
        links: { reset: `/password-reset/${token}` },
      },
      now,
    );
  });
}

/** Whether the link can still be used (the page that asks for the new password). */
export async function resetTokenIsValid(db: Db, token: unknown, now: Date) {
  const hash = await tokenHashOf(token);
  if (!hash) return false;
  const row = await db
    .selectFrom('password_resets')
    .select('user_id')
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return !!row;
}

/**
 * The new password, with the token: used up in the same transaction that sets the password and
 * ends every session and API token of the user; a refused password (too weak) leaves the token
 * usable. Every other reset link of the user ends too. Returns the user's id (the caller forgets
 * their cached tokens).
 */
export async function confirmPasswordReset(
  db: Db,
  input: { token: unknown; password: unknown },
  now: Date,
): Promise<number> {
  const hash = await tokenHashOf(input.token);
  if (!hash) throw new InvalidResetTokenError();
  const password = String(input.password ?? '');
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    if (!used) throw new InvalidResetTokenError();
    const user = await trx
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where('id', '=', used.user_id)
      .executeTakeFirstOrThrow();
    await setPassword(trx, user, password);
    await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    return user.id;
  });
}
