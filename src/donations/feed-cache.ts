import type { AppEvent, EventBus } from '../http/env.js';
import type { FeedRow } from './matching.js';

interface Entry {
  at: number;
  rows: FeedRow[];
  /** the box the association's feed covers; null when unknown (an empty feed): any change clears it */
  box: { minLat: number; maxLat: number; minLng: number; maxLng: number } | null;
}

/**
 * Association feeds are read far more often than donations change: keep each association's feed
 * until a donation changes inside its area (events from the bus, so every instance hears them), or
 * for `ttlMs` at most (profile edits, and safety). Rows whose window has ended are dropped on read.
 * Only used where a bus exists: without one nothing would clear it.
 */
export class FeedCache {
  private readonly entries = new Map<number, Entry>();
  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(associationId: number, now: Date): FeedRow[] | null {
    const e = this.entries.get(associationId);
    if (!e || Date.now() - e.at > this.ttlMs) return null;
    return e.rows.filter((r) => r.pickup_until > now);
  }

  set(
    associationId: number,
    rows: FeedRow[],
    place: { lat: number; lng: number; radiusKm: number } | null,
  ) {
    if (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
    const box = place
      ? {
          minLat: place.lat - place.radiusKm / 110,
          maxLat: place.lat + place.radiusKm / 110,
          minLng: place.lng - place.radiusKm / (110 * Math.cos((place.lat * Math.PI) / 180)),
          maxLng: place.lng + place.radiusKm / (110 * Math.cos((place.lat * Math.PI) / 180)),
        }
      : null;
    this.entries.set(associationId, { at: Date.now(), rows, box });
  }

  forget(associationId: number) {
    this.entries.delete(associationId);
  }

  /** A donation changed: forget the feeds whose area holds it (all of them when we don't know where). */
  changed(event: AppEvent) {
    if (!event.type.startsWith('donation.')) return;
    const { lat, lng } = event.data as { lat?: number; lng?: number };
    if (typeof lat !== 'number' || typeof lng !== 'number') return this.entries.clear();
    for (const [id, e] of this.entries)
      if (
        !e.box ||
        (lat >= e.box.minLat && lat <= e.box.maxLat && lng >= e.box.minLng && lng <= e.box.maxLng)
      )
        this.entries.delete(id);
  }

  listenTo(bus: EventBus) {
    return bus.subscribe((e) => this.changed(e));
  }
}
