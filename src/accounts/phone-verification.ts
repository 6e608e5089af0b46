import { randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { queueSms } from '../mail/outbox.js';
import { RuleBrokenError, TooManyAttemptsError, ValidationError } from '../shared/errors.js';
import { countInWindow } from './password-reset.js';
import { sha256 } from './tokens.js';

type Db = Kysely<Database>;

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_TRIES = 5;
/** Codes asked per account (3 an hour) and per number, whichever account asks (5 a day). */
const PER_USER = { limit: 3, windowMs: 3_600_000 };
const PER_NUMBER = { limit: 5, windowMs: 86_400_000 };

/** The code is wrong, expired, out of tries, or for a number the account no longer has. */
export class PhoneCodeError extends RuleBrokenError {
  constructor(
    message = 'phone.err.code_expired',
    /** A wrong code: how many tries the code still has (`{n}` of the message). */
    public readonly triesLeft: number | null = null,
  ) {
    super('invalid_phone_code', message, { code: message });
  }

  override get vars() {
    return this.triesLeft == null ? undefined : { n: this.triesLeft };
  }
}

/** A wrong code, said with the tries it has left; none left: a new one must be asked for. */
const wrongCode = (tries: number) =>
  tries >= CODE_TRIES
    ? new PhoneCodeError('phone.err.code_last')
    : new PhoneCodeError('phone.err.code_left', CODE_TRIES - tries);

const hashOf = (userId: number, phone: string, code: string) =>
  sha256(`phone-code:${userId}:${phone}:${code}`);

async function throttle(db: Db, key: string, rule: { limit: number; windowMs: number }, now: Date) {
  const c = await countInWindow(db, key, rule.windowMs, now);
  if (c.n <= rule.limit) return;
  const wait = c.since.getTime() + rule.windowMs - now.getTime();
  throw new TooManyAttemptsError('phone.err.throttled', Math.max(1, Math.ceil(wait / 1000)));
}

/**
 * A 6-digit code by SMS to the account's number, through the outbox (Brevo, or a file when no SMS
 * is configured): stored hashed, valid 10 minutes and 5 tries; it replaces the one waiting.
 * Throttled per account and per number, each by one atomic upsert in this transaction, so
 * concurrent asks cannot pass the limits. Returns false when the number is verified already.
 */
export async function requestPhoneCode(db: Db, userId: number, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['phone', 'phone_verified_at'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    if (!user.phone) throw new ValidationError({ phone: 'phone.err.none' });
    if (user.phone_verified_at) return false;
    await throttle(trx, `phone-code-user:${userId}`, PER_USER, now);
    await throttle(trx, `phone-code-to:${user.phone}`, PER_NUMBER, now);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const hash = await hashOf(userId, user.phone, code);
    const row = {
      phone: user.phone,
      code_hash: hash,
      tries: 0,
      created_at: now,
      expires_at: new Date(now.getTime() + CODE_TTL_MS),
    };
    await trx
      .insertInto('phone_codes')
      .values({ user_id: userId, ...row })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
      .execute();
    // to the number being proved (not verified yet: queueSms alone would not send there); the
    // code is a secret of the row, dropped from it once sent
    return queueSms(
      trx,
      {
        userId,
        template: 'phone_code',
        key: `phone_code:${hash}`,
        params: { minutes: CODE_TTL_MS / 60_000 },
        secrets: { code },
        to: user.phone,
      },
      now,
    );
  });
}

/** "123 456" -> "123456"; anything but 6 digits is refused at the field. */
export function phoneCodeInput(raw: unknown): string {
  const code = String(raw ?? '')
    .slice(0, 20)
    .replace(/[\s.-]/g, '');
  if (!/^\d{6}$/.test(code)) throw new ValidationError({ code: 'phone.err.code_format' });
  return code;
}

/**
 * The code typed back: each try is counted first (one atomic update, at most 5 whatever the
 * concurrency), then compared. A wrong one says how many tries are left, from the count that
 * update returned (concurrent wrong tries each get their own). The right one, in time and for
 * the account's number of now, verifies that number and ends the code.
 */
export async function verifyPhoneCode(db: Db, userId: number, raw: unknown, now: Date) {
  const code = phoneCodeInput(raw);
  const row = await db
    .updateTable('phone_codes')
    .set({ tries: sql`tries + 1` })
    .where('user_id', '=', userId)
    .where('tries', '<', CODE_TRIES)
    .where('expires_at', '>', now)
    .returning(['phone', 'code_hash', 'tries'])
    .executeTakeFirst();
  if (!row) throw new PhoneCodeError();
  if ((await hashOf(userId, row.phone, code)) !== row.code_hash) throw wrongCode(row.tries);
  const done = await db
    .updateTable('users')
    .set({ phone_verified_at: now })
    .where('id', '=', userId)
    .where('phone', '=', row.phone)
    .executeTakeFirst();
  await db.deleteFrom('phone_codes').where('user_id', '=', userId).execute();
  if (Number(done.numUpdatedRows) !== 1) throw new PhoneCodeError();
}

/** Where the account's number stands, for /account and GET /api/v1/me. */
export async function phoneState(db: Db, userId: number, now: Date) {
  const u = await db
    .selectFrom('users as u')
    .leftJoin('phone_codes as p', (j) =>
      j
        .onRef('p.user_id', '=', 'u.id')
        .onRef('p.phone', '=', 'u.phone')
        .on('p.expires_at', '>', now)
        .on('p.tries', '<', CODE_TRIES),
    )
    .select(['u.phone', 'u.phone_verified_at', 'p.user_id as waiting'])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    phone: u.phone,
    verified: !!u.phone && !!u.phone_verified_at,
    codeWaiting: u.waiting != null,
  };
}
export type PhoneState = Awaited<ReturnType<typeof phoneState>>;
