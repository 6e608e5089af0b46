import { describe, expect, it } from 'vitest';
import { RequestLimit } from '../../src/places/request-limit.js';

describe('RequestLimit', () => {
  it('gives a slot again only a whole window after it was given back, to the fraction of a millisecond', async () => {
    // one slot, a 3 ms window, 100 times: with a clock floored to the millisecond (Date.now) the
    // slot came free up to 1 ms early, and the geocoder's burst once reached 51 in a second
    const limit = new RequestLimit(1, 3);
    let shortest = Infinity;
    for (let i = 0; i < 100; i++) {
      const release = await limit.acquire(1000);
      expect(release).not.toBeNull();
      const givenBack = performance.now();
      release!();
      const again = await limit.acquire(1000);
      shortest = Math.min(shortest, performance.now() - givenBack);
      again!();
    }
    expect(shortest).toBeGreaterThanOrEqual(3);
  });
});
