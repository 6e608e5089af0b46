import type { Kysely } from 'kysely';
import type { Database, User } from '../db/schema.js';
import { DomainError, TooManyAttemptsError, ValidationError } from '../http/errors.js';
import { apiTokenExpiry } from './api-tokens.js';
import { setPassword } from './credentials.js';
import { assertStrongPassword } from './password-strength.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { randomToken, sha256 } from './tokens.js';

export const SESSION_DAYS = 30;
const THROTTLE_WINDOW_MS = 15 * 60_000;
const THROTTLE_MAX = 5;

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('invalid_credentials', 'err.invalid_credentials', 401);
  }
}

export async function findUserByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
}

export async function createUser(
  db: Kysely<Database>,
  input: { email: string; name: string; password: string | null; isAdmin?: boolean; lang?: string },
): Promise<User> {
  if (await findUserByEmail(db, input.email))
    throw new ValidationError({ email: 'err.email_taken' });
  if (input.password) await assertStrongPassword(input.password, input);
  return db
    .insertInto('users')
    .values({
      email: input.email.trim(),
      name: input.name.trim(),
      password_hash: input.password ? await hashPassword(input.password) : null,
      is_admin: input.isAdmin ?? false,
      lang: input.lang ?? 'fr',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Check an e-mail and password. Failed attempts are counted per e-mail and per client address in
 * the database, so the throttle holds across instances: 5 failures in 15 minutes lock out.
 */
export async function authenticate(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string },
  now: Date,
): Promise<User> {
  // no account has a NUL in its e-mail (PostgreSQL text cannot hold one): count it as a failure
  const email = input.email.replaceAll('\u0000', '');
  const keys = [`email:${email.trim().toLowerCase()}`, `ip:${input.ip.replaceAll('\u0000', '')}`];
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const counts = await db
    .selectFrom('sign_in_failures')
    .select(['key', (eb) => eb.fn.countAll<number>().as('n')])
    .where('key', 'in', keys)
    .where('at', '>', since)
    .groupBy('key')
    .execute();
  const ipLimit = THROTTLE_MAX * 4; // a shared address (a shop's wifi) gets more room
  if (counts.some((c) => Number(c.n) >= (c.key.startsWith('ip:') ? ipLimit : THROTTLE_MAX))) {
    throw new TooManyAttemptsError('err.throttled');
  }
  const user = email === input.email ? await findUserByEmail(db, email) : undefined;
  if (!(await verifyPassword(input.password, user?.password_hash ?? null)) || !user) {
    await db
      .insertInto('sign_in_failures')
      .values(keys.map((key) => ({ key, at: now })))
      .execute();
    throw new InvalidCredentialsError();
  }
  await db.deleteFrom('sign_in_failures').where('key', '=', keys[0]).execute();
  return user;
}

export async function createSession(db: Kysely<Database>, userId: number, now: Date) {
  const token = randomToken();
  await db
    .insertInto('sessions')
    .values({
      id: await sha256(token),
      user_id: userId,
      created_at: now,
      expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    })
    .execute();
  return token;
}

export async function endSession(db: Kysely<Database>, token: string) {
  await db
    .deleteFrom('sessions')
    .where('id', '=', await sha256(token))
    .execute();
}

export async function createApiToken(db: Kysely<Database>, userId: number, now: Date) {
  const token = `sl_${randomToken()}`;
  await db
    .insertInto('api_tokens')
    .values({
      token_hash: await sha256(token),
      user_id: userId,
      created_at: now,
      expires_at: apiTokenExpiry(now),
    })
    .execute();
  return token;
}

/** At start, when no platform admin exists, create the configured one. */
export async function ensureAdmin(
  db: Kysely<Database>,
  email: string | null,
  password: string | null,
) {
  if (!email || !password) return null;
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('is_admin', '=', true)
    .executeTakeFirst();
  if (existing) return null;
  const user = await findUserByEmail(db, email);
  if (user) {
    // Anyone could have signed up with this e-mail before it was configured: the configured
    // password replaces theirs, and their open sessions and API tokens end.
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ is_admin: true }).where('id', '=', user.id).execute();
      await setPassword(trx, user, password);
    });
    return user.id;
  }
  const created = await createUser(db, { email, name: 'Admin', password, isAdmin: true });
  return created.id;
}
