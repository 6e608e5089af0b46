import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import {
  horizontalOverflow,
  launchBrowser,
  phoneContext,
  screenshot,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

// Issue 14: on a 390x844 phone, the shop's open pages change when a driver claims through the
// API, without a reload (SSE through the in-process event bus, as on the embedded database).
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ events: new MemoryBus() });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function api(method: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}
const tokenOf = async (email: string) =>
  (await api('POST', '/tokens', null, { email, password: PASSWORD })).body.token as string;

/** Marks the document: the mark is gone if the page reloads. */
const mark = (page: Page) => page.evaluate(() => ((window as any).__notReloaded = true));
const notReloaded = (page: Page) => page.evaluate(() => (window as any).__notReloaded === true);

describe('the shop’s open pages follow a claim, on a phone', () => {
  it('its home, its list and its donation page show who comes and the code, without a reload', async () => {
    const shop = await createOrgWithUser(server.db, 'shop', {
      name: 'Boulangerie des Terreaux',
      lat: 45.7676,
      lng: 4.8344,
    });
    const assoc = await createOrgWithUser(
      server.db,
      'association',
      { name: 'Restos du Plateau', lat: 45.772, lng: 4.833, radius_km: 10 },
      'member',
    );
    const now = Date.now();
    const posted = await api('POST', '/donations', await tokenOf(shop.user.email), {
      category: 'bakery',
      description: 'Pains de campagne',
      quantityKg: 4,
      storage: 'ambient',
      pickupFrom: new Date(now + 10 * 60_000).toISOString(),
      pickupUntil: new Date(now + 2 * 3_600_000).toISOString(),
    });
    expect(posted.status).toBe(201);
    const id = posted.body.id as number;

    const ctx = await phoneContext(browser);
    const list = await ctx.newPage();
    const problems = [watchProblems(list)];
    try {
      await signIn(list, server.url, shop.user.email, PASSWORD);
      // each page has its stream open before the driver claims
      const open = async (p: Page, path: string) => {
        const connected = p.waitForResponse((r) => r.url() === `${server.url}/events`);
        await p.goto(`${server.url}${path}`);
        expect((await connected).status()).toBe(200);
      };
      await open(list, '/donations');
      const item = list.locator('#shop-donations li', { hasText: 'Pains de campagne' });
      expect(await item.innerText()).not.toContain('Restos du Plateau');
      const detail = await ctx.newPage();
      problems.push(watchProblems(detail));
      await open(detail, `/donations/${id}`);
      expect(await detail.locator('#handover-code').count()).toBe(0);
      const home = await ctx.newPage();
      problems.push(watchProblems(home));
      await open(home, '/');
      const homeItem = home.locator('#home-shop-donations li', { hasText: 'Pains de campagne' });
      expect(await homeItem.innerText()).not.toContain('Restos du Plateau');
      for (const p of [list, detail, home]) await mark(p);

      const claimed = await api('POST', `/donations/${id}/claim`, await tokenOf(assoc.user.email));
      expect(claimed.status).toBe(200);

      await expect.poll(() => item.innerText()).toContain('Restos du Plateau');
      await expect.poll(() => detail.locator('#handover-code').count()).toBe(1);
      expect(await detail.locator('#donation-live').innerText()).toContain(
        'Restos du Plateau vient chercher ce don',
      );
      expect(await detail.locator('h1').count()).toBe(1); // the region, not a page in the page
      await expect.poll(() => homeItem.innerText()).toContain('Restos du Plateau');
      for (const p of [list, detail, home]) expect(await notReloaded(p)).toBe(true);
      for (const p of [list, detail, home])
        expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
      await screenshot(list, 'shop-list-live');
      await screenshot(detail, 'shop-donation-live');
      // leaving a page (the home page after signing in) ends its stream: not a fault
      const left = (p: string) => /^failed: \S+\/events net::ERR_ABORTED$/.test(p);
      expect(problems.flat().filter((p) => !left(p))).toEqual([]);
      expect(server.errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
