import { sql, type Kysely } from 'kysely';
import { randomToken, sha256 } from '../accounts/tokens.js';
import type { Database } from '../db/schema.js';
import { NotFoundError, TooManyAttemptsError } from '../shared/errors.js';

/**
 * Fetches of one calendar URL allowed per hour. Calendar programs ask every 5 minutes to a few
 * hours (Apple's shortest setting is 5 min: 12 an hour); several devices of one person share the
 * URL. Beyond this, a loop is reading it: 429 until the hour is over.
 */
export const CALENDAR_FETCHES_PER_HOUR = 60;
const HOUR_MS = 3_600_000;

/** A calendar secret as it appears in the URL: 32 random bytes in base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Make the user's calendar URL, replacing the one they had (which stops at once). Returns the
 * secret, shown once: only its hash is kept.
 */
export async function createCalendarFeed(db: Kysely<Database>, userId: number, now: Date) {
  const token = randomToken();
  const row = {
    token_hash: await sha256(token),
    created_at: now,
    last_used_at: null,
    window_start: null,
    window_hits: 0,
  };
  await db
    .insertInto('calendar_feeds')
    .values({ user_id: userId, ...row })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
    .execute();
  return token;
}

/** The URL stops working at once; revoking none is no error (the page shows there is none). */
export async function revokeCalendarFeed(db: Kysely<Database>, userId: number) {
  await db.deleteFrom('calendar_feeds').where('user_id', '=', userId).execute();
}

/** When the user's calendar URL was made and last read, or null when they have none. */
export async function calendarFeedOf(db: Kysely<Database>, userId: number) {
  return (
    (await db
      .selectFrom('calendar_feeds')
      .select(['created_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Who a calendar secret belongs to, counting the fetch. One guarded update counts it and starts a
 * new hour when the last one is over, so concurrent fetches are counted exactly; over the limit the
 * count stops and the caller waits for the hour's end. An unknown or malformed secret is not found.
 */
export async function openCalendarFeed(db: Kysely<Database>, token: string, now: Date) {
  if (!TOKEN_SHAPE.test(token)) throw new NotFoundError();
  const hash = await sha256(token);
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const fresh = sql<boolean>`(window_start is null or window_start <= ${hourAgo})`;
  const counted = await db
    .updateTable('calendar_feeds')
    .set({
      window_start: sql`case when ${fresh} then ${now} else window_start end`,
      window_hits: sql`case when ${fresh} then 1 else window_hits + 1 end`,
      last_used_at: now,
    })
    .where('token_hash', '=', hash)
    .where((eb) =>
      eb.or([
        eb('window_start', 'is', null),
        eb('window_start', '<=', hourAgo),
        eb('window_hits', '<', CALENDAR_FETCHES_PER_HOUR),
      ]),
    )
    .returning('user_id')
    .executeTakeFirst();
  if (counted) return counted.user_id;
  const held = await db
    .selectFrom('calendar_feeds')
    .select('window_start')
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!held) throw new NotFoundError();
  const waitMs = held.window_start!.getTime() + HOUR_MS - now.getTime();
  throw new TooManyAttemptsError(
    'cal.err.throttled',
    Math.max(1, Math.ceil(waitMs / 1000)),
    'calendar_throttled',
  );
}
