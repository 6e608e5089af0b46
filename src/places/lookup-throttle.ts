import { throttleKey } from '../accounts/sign-in-throttle.js';
import { TooManyAttemptsError } from '../shared/errors.js';

/**
 * How many address lookups one client address may ask for per minute: typing an address asks a
 * few times per word, a shop's wifi may hold several people; a script asking for every street of
 * France waits, and the whole site's share of the service (50 requests/s) stays for everyone.
 */
export const LOOKUPS_PER_MINUTE = 60;
const WINDOW_MS = 60_000;
/** Past this many client addresses in a minute, the windows that are over are let go. */
const MAX_KEYS = 10_000;

/**
 * A counter per client address and minute, IN MEMORY (per process, or per Workers isolate): the
 * lookups cost nothing to the database, and a lookup too many is only a wait, not a risk to an
 * account, so it need not be shared between instances as the sign-in throttle is. Counting is
 * atomic: the check and the count are one synchronous step, which JavaScript never interleaves.
 */
export class LookupThrottle {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly limit = LOOKUPS_PER_MINUTE,
    /** the refusal's words */
    private readonly message = 'err.places_throttled',
  ) {}

  /** Count one lookup for `ip` at `now`, or throw TooManyAttemptsError with the wait. */
  count(ip: string, now: number) {
    const key = throttleKey(ip);
    let w = this.windows.get(key);
    if (!w || now - w.startedAt >= WINDOW_MS) {
      if (!w && this.windows.size >= MAX_KEYS) this.forgetEnded(now);
      w = { startedAt: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.limit)
      throw new TooManyAttemptsError(
        this.message,
        Math.max(1, Math.ceil((w.startedAt + WINDOW_MS - now) / 1000)),
      );
    w.count++;
  }

  private forgetEnded(now: number) {
    for (const [key, w] of this.windows)
      if (now - w.startedAt >= WINDOW_MS) this.windows.delete(key);
  }
}
