import type { Actor } from './actor.js';

/**
 * API tokens are looked up on every call. Keeping the answer a few seconds saves a query per call
 * for till systems and drivers' apps that call often. The price, accepted: a change of
 * memberships or approval reaches a token's calls up to `ttlMs` later. A token revoked (or ended
 * by a change of password) is dropped from this instance's cache at once; on other instances it
 * works at most `ttlMs` more. Sessions (pages) are never cached, so signing out is immediate.
 */
export class ActorCache {
  private readonly entries = new Map<string, { at: number; actor: Actor | null }>();
  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
    /** the cache's own clock (milliseconds), so a test can step past `ttlMs` without sleeping */
    private readonly clock: () => number = Date.now,
  ) {}

  async get(tokenHash: string, load: () => Promise<Actor | null>): Promise<Actor | null> {
    const hit = this.entries.get(tokenHash);
    if (hit && this.clock() - hit.at < this.ttlMs) return hit.actor;
    const actor = await load();
    if (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
    if (actor) this.entries.set(tokenHash, { at: this.clock(), actor }); // unknown tokens are not kept
    return actor;
  }

  /** A revoked token stops at once on this instance (other instances: within `ttlMs`). */
  forget(tokenHash: string) {
    this.entries.delete(tokenHash);
  }

  /** Every cached token of this user (their password changed, their tokens ended). */
  forgetUser(userId: number) {
    for (const [hash, e] of this.entries)
      if (e.actor?.user.id === userId) this.entries.delete(hash);
  }

  clear() {
    this.entries.clear();
  }
}
