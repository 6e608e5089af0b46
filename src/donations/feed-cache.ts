import type { AppEvent, EventBus } from '../http/env.js';
import type { Pickup } from './domain.js';
import type { FeedRow } from './matching.js';

/** What an association's drivers look at: what it may claim, and what it has claimed to collect now. */
export interface Board {
  feed: FeedRow[];
  current: Pickup[];
}

/** A loaded board and the place it covers (null when unknown, e.g. an empty feed). */
export interface LoadedBoard {
  board: Board;
  place: { lat: number; lng: number; radiusKm: number } | null;
}

interface Box {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

interface Entry {
  at: number;
  board: Board;
  /** the box the association's area covers; null when unknown: any change clears it */
  box: Box | null;
}

interface Load {
  done: Promise<Board>;
  /** a donation changed while it ran: its answer is not kept */
  dirty: boolean;
}

/**
 * Association feeds are read far more often than donations change: keep each association's board
 * until a donation changes inside its area (events from the bus, so every instance hears them).
 * What it has claimed lies in its area too (it could only claim there), so a claim, release or
 * pickup clears it as well; a profile change forgets it, the expiry job's events clear everything.
 * After `ttlMs` (profile edits on another instance, and safety) the board is served once more
 * while it reloads in the background, so that boards expiring together do not all wait on the
 * database. One load at a time per association; a load overtaken by a change is not kept.
 * Rows whose window has ended are dropped on read.
 * Only used where a bus exists: without one nothing would clear it.
 */
export class FeedCache {
  private readonly entries = new Map<number, Entry>();
  private readonly loading = new Map<number, Load>();
  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
  ) {}

  /** The association's board, from the cache or from `load`. */
  async board(associationId: number, now: Date, load: () => Promise<LoadedBoard>) {
    const e = this.entries.get(associationId);
    if (!e) return live(await this.reload(associationId, load), now);
    if (Date.now() - e.at > this.ttlMs)
      this.reload(associationId, load).catch(() => this.entries.delete(associationId));
    // keep what is left once windows end, so that readers share one board until the next change
    return (e.board = live(e.board, now));
  }

  private reload(associationId: number, load: () => Promise<LoadedBoard>): Promise<Board> {
    const running = this.loading.get(associationId);
    if (running) return running.done;
    const job: Load = { dirty: false, done: null as unknown as Promise<Board> };
    job.done = load()
      .then(({ board, place }) => {
        if (!job.dirty) this.set(associationId, board, place);
        return board;
      })
      .finally(() => {
        if (this.loading.get(associationId) === job) this.loading.delete(associationId);
      });
    this.loading.set(associationId, job);
    return job.done;
  }

  private set(associationId: number, board: Board, place: LoadedBoard['place']) {
    if (this.entries.size >= this.maxEntries && !this.entries.has(associationId))
      this.entries.delete(this.entries.keys().next().value!);
    const box = place
      ? {
          minLat: place.lat - place.radiusKm / 110,
          maxLat: place.lat + place.radiusKm / 110,
          minLng: place.lng - place.radiusKm / (110 * Math.cos((place.lat * Math.PI) / 180)),
          maxLng: place.lng + place.radiusKm / (110 * Math.cos((place.lat * Math.PI) / 180)),
        }
      : null;
    this.entries.set(associationId, { at: Date.now(), board, box });
  }

  get size() {
    return this.entries.size;
  }

  forget(associationId: number) {
    this.entries.delete(associationId);
    this.dropLoad(associationId);
  }

  /** A donation changed: forget the boards whose area holds it (all of them when we don't know where). */
  changed(event: AppEvent) {
    if (!event.type.startsWith('donation.')) return;
    for (const id of [...this.loading.keys()]) this.dropLoad(id); // they may have read before it
    const { lat, lng } = event.data as { lat?: number; lng?: number };
    if (typeof lat !== 'number' || typeof lng !== 'number') return this.entries.clear();
    for (const [id, e] of this.entries)
      if (
        !e.box ||
        (lat >= e.box.minLat && lat <= e.box.maxLat && lng >= e.box.minLng && lng <= e.box.maxLng)
      )
        this.entries.delete(id);
  }

  private dropLoad(associationId: number) {
    const job = this.loading.get(associationId);
    if (!job) return;
    job.dirty = true;
    this.loading.delete(associationId);
  }

  listenTo(bus: EventBus) {
    return bus.subscribe((e) => this.changed(e));
  }
}

function live(board: Board, now: Date): Board {
  if (board.feed.every((r) => r.pickup_until > now)) return board;
  return { feed: board.feed.filter((r) => r.pickup_until > now), current: board.current };
}
