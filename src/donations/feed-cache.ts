import type { Donation } from '../db/schema.js';
import type { FeedRow } from './matching.js';

/** A donation an association has claimed, with the shop it is collected from. */
export type Pickup = Donation & {
  shop_name: string;
  shop_address: string | null;
  shop_town: string | null;
};

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

/**
 * What the cache hears of a change: donation events carry the donation's place. Its own shape, so
 * that the cache needs nothing of the app's wiring (the event bus gives these and more).
 */
export interface ChangeEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Where changes come from (the app's event bus). */
export interface ChangeSource {
  subscribe(fn: (event: ChangeEvent) => void): () => void;
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
  /** where donations changed while it ran; its answer is not kept if one is in its area */
  changes: { lat: number; lng: number }[];
  /** a change of unknown place, or the association was forgotten, while it ran */
  overtaken: boolean;
}

/**
 * Association feeds are read far more often than donations change: keep each association's board
 * until a donation changes inside its area (events from the bus, so every instance hears them).
 * What it has claimed lies in its area too (it could only claim there), so a claim, release or
 * pickup clears it as well, and so does the expiry of one; a profile change forgets it.
 * After `ttlMs` (profile edits on another instance, and safety) the board is served once more
 * while it reloads in the background, so that boards expiring together do not all wait on the
 * database. One load at a time per association; a load overtaken by a change in its area is
 * not kept, nor one older than a load started after it.
 * Rows whose window has ended are dropped on read.
 * Only used where a bus exists: without one nothing would clear it.
 */
export class FeedCache {
  private readonly entries = new Map<number, Entry>();
  /** the load a reader may join, per association */
  private readonly loading = new Map<number, Load>();
  /** every load still running, joinable or not */
  private readonly running = new Set<Load>();
  /** the latest load started, per association: an older one never overwrites its answer */
  private readonly latest = new Map<number, Load>();
  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
  ) {}

  /** The association's board, from the cache or from `load`. */
  async board(associationId: number, now: Date, load: () => Promise<LoadedBoard>) {
    const e = this.entries.get(associationId);
    if (!e) return live(await this.reload(associationId, load), now);
    if (Date.now() - e.at > this.ttlMs)
      this.reload(associationId, load).catch(() => {
        if (this.entries.get(associationId) === e) this.entries.delete(associationId);
      });
    // keep what is left once windows end, so that readers share one board until the next change
    return (e.board = live(e.board, now));
  }

  private reload(associationId: number, load: () => Promise<LoadedBoard>): Promise<Board> {
    const joinable = this.loading.get(associationId);
    if (joinable) return joinable.done;
    const job: Load = { changes: [], overtaken: false, done: null as unknown as Promise<Board> };
    this.latest.set(associationId, job);
    this.running.add(job);
    job.done = load()
      .then(({ board, place }) => {
        const box = boxAround(place);
        const stale =
          job.overtaken ||
          job.changes.some((p) => !box || inBox(p, box)) ||
          this.latest.get(associationId) !== job;
        if (!stale) this.set(associationId, board, box);
        return board;
      })
      .finally(() => {
        this.running.delete(job);
        if (this.loading.get(associationId) === job) this.loading.delete(associationId);
        if (this.latest.get(associationId) === job) this.latest.delete(associationId);
      });
    this.loading.set(associationId, job);
    return job.done;
  }

  private set(associationId: number, board: Board, box: Box | null) {
    if (this.entries.size >= this.maxEntries && !this.entries.has(associationId))
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(associationId, { at: Date.now(), board, box });
  }

  get size() {
    return this.entries.size;
  }

  forget(associationId: number) {
    this.entries.delete(associationId);
    const job = this.loading.get(associationId);
    if (job) job.overtaken = true;
    this.loading.delete(associationId);
  }

  /** A donation changed: forget the boards whose area holds it (all of them when we don't know where). */
  changed(event: ChangeEvent) {
    if (!event.type.startsWith('donation.')) return;
    const { lat, lng } = event.data as { lat?: number; lng?: number };
    const known = typeof lat === 'number' && typeof lng === 'number';
    // loads running may have read before it: they learn where; later readers do not join them
    for (const job of this.running) {
      if (known) job.changes.push({ lat, lng });
      else job.overtaken = true;
    }
    this.loading.clear();
    if (!known) return this.entries.clear();
    for (const [id, e] of this.entries)
      if (!e.box || inBox({ lat, lng }, e.box)) this.entries.delete(id);
  }

  listenTo(bus: ChangeSource) {
    return bus.subscribe((e) => this.changed(e));
  }
}

function live(board: Board, now: Date): Board {
  if (board.feed.every((r) => r.pickup_until > now)) return board;
  return { feed: board.feed.filter((r) => r.pickup_until > now), current: board.current };
}

function boxAround(place: LoadedBoard['place']): Box | null {
  if (!place) return null;
  const lngDeg = place.radiusKm / (110 * Math.cos((place.lat * Math.PI) / 180));
  return {
    minLat: place.lat - place.radiusKm / 110,
    maxLat: place.lat + place.radiusKm / 110,
    minLng: place.lng - lngDeg,
    maxLng: place.lng + lngDeg,
  };
}

function inBox(p: { lat: number; lng: number }, b: Box) {
  return p.lat >= b.minLat && p.lat <= b.maxLat && p.lng >= b.minLng && p.lng <= b.maxLng;
}
