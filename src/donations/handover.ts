import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { TooManyAttemptsError } from '../shared/errors.js';

/**
 * The handover code: the shop reads it out to the driver at the counter, the driver types it, and
 * that proves the food changed hands there. Six digits (shown "482 917"), drawn anew at each claim.
 * Codes drawn before (four digits) are still what those donations expect.
 */
export const HANDOVER_CODE_DIGITS = 6;

const CODE_SPACE = 10 ** HANDOVER_CODE_DIGITS;
// the largest multiple of CODE_SPACE a Uint32 holds: values at or above it are drawn again, so
// every code is exactly as likely (a plain modulo would favour the low ones)
const UNBIASED_LIMIT = Math.floor(2 ** 32 / CODE_SPACE) * CODE_SPACE;

export function newHandoverCode(): string {
  const b = new Uint32Array(1);
  do crypto.getRandomValues(b);
  while (b[0] >= UNBIASED_LIMIT);
  return String(b[0] % CODE_SPACE).padStart(HANDOVER_CODE_DIGITS, '0');
}

/** What the driver typed, as it is stored: spaces (any, also no-break ones), dots and dashes dropped. */
export function normaliseHandoverCode(typed: string) {
  return typed.replace(/[\s.-]/g, '');
}

/** Compared in time that does not depend on where the first wrong digit is. */
export function handoverCodeMatches(stored: string, typed: string) {
  const given = normaliseHandoverCode(typed);
  if (!stored || given.length !== stored.length) return false;
  let diff = 0;
  for (let i = 0; i < stored.length; i++) diff |= stored.charCodeAt(i) ^ given.charCodeAt(i);
  return diff === 0;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Wrong codes are counted three ways, each in a fixed window that starts at its first failure,
 * and kept when the donation is released and claimed again:
 * - user: 5 per 15 min. Past it, that user's attempts are refused unchecked (even the right code)
 *   until the window ends. This is the lock a guesser meets, and it touches nobody else.
 * - association: 50 per 24 h (ten users' locks). Past it, every member is refused until the
 *   window ends: it caps what many accounts of one association can try together (50 guesses a
 *   day is a 1 in 20,000 chance at a six-digit code), at the price of stopping the honest members
 *   of an association that let that happen.
 * - donation: 10 per 24 h. Past it, only members with no wrong code in their current window may
 *   still try it, each getting one attempt: the driver at the counter with the code read out gets
 *   through, the members who were guessing do not.
 * The right code counts nothing and clears nothing.
 */
export const HANDOVER_CODE_LOCKS = {
  user: { limit: 5, windowMs: 15 * MINUTE },
  association: { limit: 50, windowMs: 24 * HOUR },
  donation: { limit: 10, windowMs: 24 * HOUR },
} as const;

type Scope = keyof typeof HANDOVER_CODE_LOCKS;

export class HandoverCodeLockedError extends TooManyAttemptsError {
  constructor(
    public readonly scope: Scope,
    retryAfterSeconds: number | null = null,
  ) {
    super(
      scope === 'association' ? 'don.err.too_many_codes_association' : 'don.err.too_many_codes',
      retryAfterSeconds,
    );
  }
}

export interface HandoverAttempt {
  donationId: number;
  associationId: number;
  userId: number;
  storedCode: string;
  typedCode: string;
  now: Date;
}

/**
 * Checks a typed code against the locks, inside the caller's transaction: the three counters are
 * locked (always in the same order, so attempts do not deadlock) until it ends, so concurrent
 * attempts are counted one after another and none is checked past a limit. Throws
 * HandoverCodeLockedError when a lock holds; a wrong code is counted and `false` returned, and the
 * caller commits that count before telling the user.
 */
export async function checkHandoverCode(trx: Kysely<Database>, a: HandoverAttempt) {
  const keys = { association: a.associationId, donation: a.donationId, user: a.userId };
  await sql`insert into handover_code_failures (scope, key, window_start, failures)
    values ('association', ${keys.association}, ${a.now}, 0), ('donation', ${keys.donation}, ${a.now}, 0),
      ('user', ${keys.user}, ${a.now}, 0)
    on conflict do nothing`.execute(trx);
  const { rows } = await sql<{ scope: Scope; window_start: Date; failures: number }>`
    select scope, window_start, failures from handover_code_failures
    where (scope, key) in (('association', ${keys.association}), ('donation', ${keys.donation}), ('user', ${keys.user}))
    order by scope
    for update`.execute(trx);
  const counted = (scope: Scope) => {
    const row = rows.find((r) => r.scope === scope)!;
    const current =
      a.now.getTime() - row.window_start.getTime() < HANDOVER_CODE_LOCKS[scope].windowMs;
    return current ? row.failures : 0;
  };
  const reached = (scope: Scope) => counted(scope) >= HANDOVER_CODE_LOCKS[scope].limit;
  // seconds until that scope's window ends (sent as Retry-After)
  const wait = (scope: Scope) => {
    const row = rows.find((r) => r.scope === scope)!;
    const end = row.window_start.getTime() + HANDOVER_CODE_LOCKS[scope].windowMs;
    return Math.max(1, Math.ceil((end - a.now.getTime()) / 1000));
  };
  if (reached('user')) throw new HandoverCodeLockedError('user', wait('user'));
  if (reached('association')) throw new HandoverCodeLockedError('association', wait('association'));
  // past the donation's limit, a guesser waits until their own window ends
  if (reached('donation') && counted('user') > 0)
    throw new HandoverCodeLockedError('donation', wait('user'));

  if (handoverCodeMatches(a.storedCode, a.typedCode)) return true;
  for (const scope of ['association', 'donation', 'user'] as const) {
    const since = new Date(a.now.getTime() - HANDOVER_CODE_LOCKS[scope].windowMs);
    // a window that is over (or never held a failure) starts again at this one
    await sql`update handover_code_failures set
        failures = case when failures > 0 and window_start > ${since} then failures + 1 else 1 end,
        window_start = case when failures > 0 and window_start > ${since} then window_start else ${a.now} end
      where scope = ${scope} and key = ${keys[scope]}`.execute(trx);
  }
  return false;
}
