import { describe, expect, it } from 'vitest';
import { FeedCache, type Board, type LoadedBoard } from '../../src/donations/feed-cache.js';
import type { FeedRow } from '../../src/donations/matching.js';

// The cache's own rules, without a database: loads are counted and resolved by hand.
const now = new Date('2026-11-27T10:00:00Z');
const row = (id: number, until = '2026-11-27T12:00:00Z') =>
  ({ id, pickup_until: new Date(until) }) as FeedRow;
const place = { lat: 45.75, lng: 4.85, radiusKm: 2 };
const loaded = (...ids: number[]): LoadedBoard => ({
  board: { feed: ids.map((id) => row(id)), current: [] },
  place,
});
const ids = (b: Board) => b.feed.map((r) => r.id);

function deferred() {
  let resolve!: (v: LoadedBoard) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<LoadedBoard>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const nearby = { type: 'donation.posted', data: { id: 9, shopId: 1, lat: 45.751, lng: 4.85 } };
const far = { type: 'donation.posted', data: { id: 9, shopId: 1, lat: 48.85, lng: 2.35 } };

describe('the feed cache, on its own', () => {
  it('loads a board once for callers that ask at the same time', async () => {
    const cache = new FeedCache();
    let loads = 0;
    const d = deferred();
    const load = () => (loads++, d.promise);
    const both = Promise.all([cache.board(1, now, load), cache.board(1, now, load)]);
    d.resolve(loaded(1, 2));
    expect((await both).map(ids)).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(loads).toBe(1);
    expect(ids(await cache.board(1, now, load))).toEqual([1, 2]);
    expect(loads).toBe(1);
  });

  it('does not keep a load that a change nearby overtook, and later callers do not wait on it', async () => {
    const cache = new FeedCache();
    const first = deferred();
    const before = cache.board(1, now, () => first.promise);
    cache.changed(nearby); // the load may have read before this change
    let loads = 0;
    const after = cache.board(1, now, async () => (loads++, loaded(1, 9)));
    expect(ids(await after)).toEqual([1, 9]);
    expect(loads).toBe(1);
    first.resolve(loaded(1));
    expect(ids(await before)).toEqual([1]);
    expect(ids(await cache.board(1, now, async () => loaded(0)))).toEqual([1, 9]);
  });

  it('keeps a load during which donations changed only far away', async () => {
    const cache = new FeedCache();
    const d = deferred();
    const first = cache.board(1, now, () => d.promise);
    cache.changed(far);
    d.resolve(loaded(1));
    expect(ids(await first)).toEqual([1]);
    let loads = 0;
    expect(ids(await cache.board(1, now, async () => (loads++, loaded(2))))).toEqual([1]);
    expect(loads).toBe(0);
  });

  it('does not let an older load overwrite a newer one', async () => {
    const cache = new FeedCache();
    const older = deferred();
    const newer = deferred();
    const a = cache.board(1, now, () => older.promise);
    cache.changed(far); // later readers start their own load
    const b = cache.board(1, now, () => newer.promise);
    newer.resolve(loaded(2));
    await b;
    older.resolve(loaded(1));
    await a;
    expect(ids(await cache.board(1, now, async () => loaded(3)))).toEqual([2]);
  });

  it('forgets boards whose area holds a change, and keeps the others', async () => {
    const cache = new FeedCache();
    await cache.board(1, now, async () => loaded(1));
    cache.changed(far);
    expect(ids(await cache.board(1, now, async () => loaded(2)))).toEqual([1]);
    cache.changed(nearby);
    expect(ids(await cache.board(1, now, async () => loaded(2)))).toEqual([2]);
    cache.changed({ type: 'donation.expired', data: { id: 9, shopId: 1 } }); // no place: all
    expect(ids(await cache.board(1, now, async () => loaded(3)))).toEqual([3]);
    cache.changed({ type: 'push.queued', data: {} }); // not a donation: nothing
    expect(ids(await cache.board(1, now, async () => loaded(4)))).toEqual([3]);
  });

  it('after its time serves the board once more while it reloads, then the new one', async () => {
    const cache = new FeedCache(-1); // always past its time
    await cache.board(1, now, async () => loaded(1));
    const reload = deferred();
    let loads = 0;
    const load = () => (loads++, reload.promise);
    expect(ids(await cache.board(1, now, load))).toEqual([1]);
    expect(ids(await cache.board(1, now, load))).toEqual([1]);
    expect(loads).toBe(1); // one reload, however many readers
    reload.resolve(loaded(2));
    await reload.promise;
    await new Promise((r) => setTimeout(r, 0));
    expect(ids(await cache.board(1, now, async () => loaded(2)))).toEqual([2]);
  });

  it('drops a board whose reload failed, so the next reader sees the error', async () => {
    const cache = new FeedCache(-1);
    await cache.board(1, now, async () => loaded(1));
    expect(ids(await cache.board(1, now, () => Promise.reject(new Error('down'))))).toEqual([1]);
    await new Promise((r) => setTimeout(r, 0));
    await expect(cache.board(1, now, () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
  });

  it('drops rows whose window has ended when it serves them', async () => {
    const cache = new FeedCache();
    await cache.board(1, now, async () => ({
      board: { feed: [row(1, '2026-11-27T10:30:00Z'), row(2)], current: [] },
      place,
    }));
    expect(
      ids(await cache.board(1, new Date('2026-11-27T10:45:00Z'), async () => loaded())),
    ).toEqual([2]);
    // what is left is kept: readers after that share one board (and its JSON) until a change
    const later = new Date('2026-11-27T10:50:00Z');
    const first = await cache.board(1, later, async () => loaded());
    expect(await cache.board(1, later, async () => loaded())).toBe(first);
  });

  it('holds at most its number of boards, dropping the oldest', async () => {
    const cache = new FeedCache(60_000, 3);
    for (const id of [1, 2, 3, 4]) await cache.board(id, now, async () => loaded(id));
    expect(cache.size).toBe(3);
    let loads = 0;
    await cache.board(1, now, async () => (loads++, loaded(1)));
    expect(loads).toBe(1); // the oldest was dropped
    await cache.board(4, now, async () => (loads++, loaded(4)));
    expect(loads).toBe(1); // the newest was kept
  });

  it('forgets one association on demand, and a load of it then running', async () => {
    const cache = new FeedCache();
    await cache.board(1, now, async () => loaded(1));
    await cache.board(2, now, async () => loaded(2));
    cache.forget(1);
    expect(ids(await cache.board(1, now, async () => loaded(5)))).toEqual([5]);
    expect(ids(await cache.board(2, now, async () => loaded(6)))).toEqual([2]);
  });
});
