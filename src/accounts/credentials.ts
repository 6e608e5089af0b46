import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ValidationError } from '../shared/errors.js';
import { assertStrongPassword } from './password-strength.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { sha256 } from './tokens.js';

/**
 * Set a user's password and end every session and API token of theirs but the session kept (the
 * one the change was made from): whoever held the account before the change is out.
 * Runs inside the caller's transaction when given one.
 */
export async function setPassword(
  db: Kysely<Database>,
  user: { id: number; email: string; name: string },
  password: string,
  opts: { keepSession?: string | null } = {},
) {
  await assertStrongPassword(password, user);
  const hash = await hashPassword(password);
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute();
  await endCredentials(db, user.id, opts.keepSession ? await sha256(opts.keepSession) : null);
}

/**
 * Every session (but `keepSessionHash`), every API token, the calendar URL and every pending
 * e-mail link of the user end (a link asked by whoever held a stolen session must not outlive the
 * owner's new password).
 */
export async function endCredentials(
  db: Kysely<Database>,
  userId: number,
  keepSessionHash: string | null = null,
) {
  let sessions = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionHash) sessions = sessions.where('id', '<>', keepSessionHash);
  await sessions.execute();
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
  await db.deleteFrom('calendar_feeds').where('user_id', '=', userId).execute();
  await db
    .updateTable('email_confirmations')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

/** The signed-in user changes their password, proving the current one. */
export async function changePassword(
  db: Kysely<Database>,
  userId: number,
  input: { current: string; password: string; sessionToken: string | null },
) {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.current, user.password_hash)))
    throw new ValidationError({ current: 'err.password_current' });
  if (input.password === input.current)
    throw new ValidationError({ password: 'err.password_same' });
  await db
    .transaction()
    .execute((trx) => setPassword(trx, user, input.password, { keepSession: input.sessionToken }));
}
