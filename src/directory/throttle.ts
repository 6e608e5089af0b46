import { countInWindow } from '../accounts/password-reset.js';
import { throttleKey } from '../accounts/sign-in-throttle.js';
import type { Db } from '../donations/donation.js';
import { TooManyAttemptsError } from '../shared/errors.js';

/** Pages of the public directory (HTML and JSON together) one client address may ask for per minute. */
export const DIRECTORY_PAGES_PER_MINUTE = 120;
const WINDOW_MS = 60_000;

/**
 * One more public directory page for client `ip` at `now`, or TooManyAttemptsError with the
 * wait. Counted in the database (countInWindow: one atomic upsert in sign_in_throttles, key
 * `dir-client:`, forgotten by the nightly cleanup), so that every instance of a region shares the
 * count: N instances allow the limit, not N times it, and concurrent pages each see those before.
 */
export async function countDirectoryPage(db: Db, ip: string, now: Date) {
  const c = await countInWindow(db, `dir-client:${throttleKey(ip)}`, WINDOW_MS, now);
  if (c.n > DIRECTORY_PAGES_PER_MINUTE)
    throw new TooManyAttemptsError(
      'dir.err.throttled',
      Math.max(1, Math.ceil((c.since.getTime() + WINDOW_MS - now.getTime()) / 1000)),
    );
}
