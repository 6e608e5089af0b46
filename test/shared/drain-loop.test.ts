import { describe, expect, it } from 'vitest';
import { DrainLoop } from '../../src/shared/drain-loop.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('a sender loop gathers the wakes of a moment into one drain', () => {
  it.each([
    // without gathering each wake that comes while nothing is draining makes a drain of its own
    [0, (drains: number) => expect(drains).toBeGreaterThan(2)],
    [200, (drains: number) => expect(drains).toBe(1)],
  ])('gatherMs %i', async (gatherMs, check) => {
    let drains = 0;
    const events = new MemoryBus(10);
    const loop = new DrainLoop(
      'test',
      async () => {
        drains++;
      },
      new Set(['donation.posted']),
      { events, gatherMs, pollMs: 60_000 },
    ).start();
    await until(() => drains === 1); // the first drain, at start
    drains = 0;
    // five posts 10 ms apart: with 200 ms to gather, one drain takes them all
    for (let i = 0; i < 5; i++) {
      await events.publish({ type: 'donation.posted', data: { id: i } });
      await new Promise((r) => setTimeout(r, 10));
    }
    await until(() => drains > 0);
    await new Promise((r) => setTimeout(r, gatherMs + 50));
    check(drains);
    await loop.stop();
  });
});
