import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { TooManyAttemptsError } from '../shared/errors.js';

/**
 * How many attempts a key gets before it waits, how long it waits (doubling from `firstDelayMs`
 * for each further failure, up to `maxDelayMs`), and after how long without attempts it starts over.
 */
interface ThrottleRule {
  limit: number;
  firstDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

/**
 * Per e-mail and client address: an attacker elsewhere cannot lock the owner out. 5 failures,
 * then 1 min, 2, 4, ... up to an hour between attempts; forgotten after a day without any.
 */
const PAIR: ThrottleRule = {
  limit: 5,
  firstDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  forgetAfterMs: 24 * 3_600_000,
};
/** Per address, across e-mails (credential stuffing); a shared address (a shop's wifi) gets more room. */
const ADDRESS: ThrottleRule = {
  limit: 20,
  firstDelayMs: 15 * 60_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 15 * 60_000,
};

export interface SignInKeys {
  pair: string;
  address: string;
}

/**
 * An IPv6 client holds a whole /64 (2^64 addresses): it is counted as its /64, or each new address
 * would bring fresh attempts. IPv4, IPv4-mapped IPv6 and anything unreadable are kept as they are.
 */
export function throttledAddress(ip: string) {
  const a = ip
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  if (!a.includes(':') || a.includes('.')) return a;
  const [head, tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = a.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return a;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The client address a throttle counts under: bounded, and an IPv6 client by its /64. */
export function throttleKey(ip: string) {
  return throttledAddress(ip.replaceAll('\u0000', '').slice(0, 100)) || 'unknown';
}

/** No key can be confused with another: the parts are JSON-encoded. */
export function signInKeys(email: string, ip: string): SignInKeys {
  const address = throttleKey(ip);
  return {
    pair: `pair:${JSON.stringify([email.trim().toLowerCase(), address])}`,
    address: `addr:${address}`,
  };
}

/** The wait after the `failures`-th failure: none below the limit, then doubling, capped. */
function delayMs(rule: ThrottleRule, failures: number) {
  if (failures < rule.limit) return 0;
  return Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** Math.min(failures - rule.limit, 30));
}

/**
 * Count one attempt for `key`, unless the key is waiting: one guarded upsert, so that concurrent
 * attempts queue on the row and each sees the count of those before it. The attempt that reaches
 * the limit starts the wait at once, before its password is checked.
 */
async function reserve(trx: Transaction<Database>, key: string, rule: ThrottleRule, now: Date) {
  const forgetBefore = new Date(now.getTime() - rule.forgetAfterMs);
  const counted = await trx
    .insertInto('sign_in_throttles')
    .values({ key, failures: 1, last_at: now, blocked_until: null })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          failures: sql`case when sign_in_throttles.last_at <= ${forgetBefore} then 1 else sign_in_throttles.failures + 1 end`,
          last_at: now,
        })
        .where((eb) =>
          eb.or([
            eb('sign_in_throttles.blocked_until', 'is', null),
            eb('sign_in_throttles.blocked_until', '<=', now),
          ]),
        ),
    )
    .returning('failures')
    .executeTakeFirst();
  if (!counted) {
    const row = await trx
      .selectFrom('sign_in_throttles')
      .select('blocked_until')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    throw throttled(row.blocked_until!.getTime() - now.getTime());
  }
  const wait = delayMs(rule, counted.failures);
  if (wait)
    await trx
      .updateTable('sign_in_throttles')
      .set({ blocked_until: new Date(now.getTime() + wait) })
      .where('key', '=', key)
      .execute();
}

function throttled(waitMs: number) {
  return new TooManyAttemptsError('err.throttled', Math.max(1, Math.ceil(waitMs / 1000)));
}

/**
 * Count a sign-in attempt against its address and its e-mail and address pair, before the password
 * is checked; throws TooManyAttemptsError (with the wait) when either must wait. The attempt stays
 * counted as a failure unless `forgiveSignInAttempt` follows.
 */
export async function reserveSignInAttempt(db: Kysely<Database>, keys: SignInKeys, now: Date) {
  // always the address row first, then the pair: concurrent attempts lock in the same order
  await db.transaction().execute(async (trx) => {
    await reserve(trx, keys.address, ADDRESS, now);
    await reserve(trx, keys.pair, PAIR, now);
  });
}

/** The password was right: the pair starts over, and the address gets its attempt back. */
export async function forgiveSignInAttempt(db: Kysely<Database>, keys: SignInKeys) {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sign_in_throttles').where('key', '=', keys.pair).execute();
    await trx
      .updateTable('sign_in_throttles')
      .set({
        failures: sql`greatest(failures - 1, 0)`,
        blocked_until: sql`case when failures - 1 >= ${ADDRESS.limit} then blocked_until end`,
      })
      .where('key', '=', keys.address)
      .execute();
  });
}

/** Counters nobody has used for longer than any rule remembers (the nightly cleanup). */
export async function forgetSignInAttempts(db: Kysely<Database>, now: Date) {
  const before = new Date(now.getTime() - Math.max(PAIR.forgetAfterMs, ADDRESS.forgetAfterMs));
  await db
    .deleteFrom('sign_in_throttles')
    .where('last_at', '<', before)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', now)]))
    .execute();
}
