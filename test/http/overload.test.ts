import { describe, expect, it } from 'vitest';
import { shedLoad } from '../../src/http/overload.js';
import { readConfig } from '../../src/config.js';

/** A fetch whose answers wait until the test lets them go. */
function heldFetch() {
  const waiting: (() => void)[] = [];
  const fetch = (req: Request) =>
    new Promise<Response>((resolve) =>
      waiting.push(() => resolve(new Response(new URL(req.url).pathname))),
    );
  return { fetch, releaseAll: () => waiting.splice(0).forEach((go) => go()), waiting };
}

describe('load shedding', () => {
  it('answers 503 with Retry-After past the limit, in the API and on pages, then serves again', async () => {
    const held = heldFetch();
    const shed = shedLoad(held.fetch, 2);
    const first = [shed(new Request('http://x/feed')), shed(new Request('http://x/api/v1/feed'))];
    expect(shed.inFlight()).toBe(2);

    const api = await shed(new Request('http://x/api/v1/donations', { method: 'POST' }));
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('1');
    expect((await api.json()).error.code).toBe('overloaded');
    const page = await shed(new Request('http://x/feed'));
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/réessayez/);
    expect(held.waiting).toHaveLength(2); // the refused ones never reached the app

    held.releaseAll();
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
    expect(shed.inFlight()).toBe(0);
    const again = shed(new Request('http://x/feed'));
    held.releaseAll();
    expect((await again).status).toBe(200);
  });

  it('always lets the health check through, and a failing request frees its place', async () => {
    const held = heldFetch();
    const shed = shedLoad(held.fetch, 1);
    const busy = shed(new Request('http://x/feed'));
    const health = shed(new Request('http://x/healthz'));
    expect(held.waiting).toHaveLength(2);
    held.releaseAll();
    await Promise.all([busy, health]);

    const failing = shedLoad(() => Promise.reject(new Error('boom')), 1);
    await expect(failing(new Request('http://x/a'))).rejects.toThrow('boom');
    expect(failing.inFlight()).toBe(0);
  });

  it('is off at 0, and MAX_IN_FLIGHT is read and checked', async () => {
    const held = heldFetch();
    const shed = shedLoad(held.fetch, 0);
    const all = Array.from({ length: 50 }, () => shed(new Request('http://x/feed')));
    expect(held.waiting).toHaveLength(50);
    held.releaseAll();
    await Promise.all(all);
    expect(readConfig({}).maxInFlight).toBe(128);
    expect(readConfig({ MAX_IN_FLIGHT: '0' }).maxInFlight).toBe(0);
    expect(() => readConfig({ MAX_IN_FLIGHT: 'lots' })).toThrow(/MAX_IN_FLIGHT/);
  });
});
