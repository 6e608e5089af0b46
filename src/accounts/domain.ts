import type { Kysely } from 'kysely';
import type { Database, User } from '../db/schema.js';
import { UnauthorizedError, ValidationError } from '../shared/errors.js';
import { apiTokenExpiry } from './api-tokens.js';
import { setPassword } from './credentials.js';
import { assertStrongPassword } from './password-strength.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { forgiveSignInAttempt, reserveSignInAttempt, signInKeys } from './sign-in-throttle.js';
import { randomToken, sha256 } from './tokens.js';

export const SESSION_DAYS = 30;

export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('err.invalid_credentials', 'invalid_credentials');
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
      // the operator's own admin is confirmed; anyone else by the link sent to the address
      email_confirmed_at: input.isAdmin ? new Date() : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Check an e-mail and password. Each attempt is counted in the database BEFORE the password is
 * checked (see sign-in-throttle.ts), per e-mail and client address pair and per address, so the
 * limit holds against concurrent attempts and across instances, and failures from one address
 * do not lock the owner out elsewhere. Throws TooManyAttemptsError while a count is waiting.
 */
export async function authenticate(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string },
  now: Date,
): Promise<User> {
  // no account has a NUL in its e-mail (PostgreSQL text cannot hold one): count it as a failure
  const email = input.email.replaceAll('\u0000', '');
  const keys = signInKeys(email, input.ip);
  await reserveSignInAttempt(db, keys, now);
  const user = email === input.email ? await findUserByEmail(db, email) : undefined;
  if (!(await verifyPassword(input.password, user?.password_hash ?? null)) || !user)
    throw new InvalidCredentialsError();
  await forgiveSignInAttempt(db, keys);
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
  // another instance started at the same moment has just created it: nothing to do
  if (user?.is_admin) return null;
  if (user) {
    // Anyone could have signed up with this e-mail before it was configured: the configured
    // password replaces theirs, and their open sessions and API tokens end.
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ is_admin: true }).where('id', '=', user.id).execute();
      await setPassword(trx, user, password);
    });
    return user.id;
  }
  try {
    const created = await createUser(db, { email, name: 'Admin', password, isAdmin: true });
    return created.id;
  } catch (e) {
    // instances started together (a region): another one created it meanwhile, and this one's
    // insert met the unique e-mail; that is not a reason to stop
    if ((await findUserByEmail(db, email))?.is_admin) return null;
    throw e;
  }
}
