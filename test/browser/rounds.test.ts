import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  horizontalOverflow,
  launchBrowser,
  phoneContext,
  screenshot,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

// Issue 19 on a 390x844 phone: a driver ticks three donations in the feed's round page, claims
// them in one tap (htmx), and lands on the round: the stops in order and the maps link.
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer(); // the real clock
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a round on a phone', () => {
  it('three donations ticked, claimed at once, opened as a route', async () => {
    const home = { lat: 45.7676, lng: 4.8344 };
    const assoc = await createOrgWithUser(server.db, 'association', { ...home, radius_km: 10 });
    const now = Date.now();
    const ids: number[] = [];
    for (const km of [1, 2, 3]) {
      const shop = await createOrgWithUser(server.db, 'shop', {
        name: `Primeur ${km}`,
        lat: home.lat + km / 111.195,
        lng: home.lng,
      });
      const d = await createDonation(server.db, {
        shopId: shop.org.id,
        description: `Cagette ${km}`,
        created_at: new Date(now),
        pickup_from: new Date(now),
        pickup_until: new Date(now + 3 * 3_600_000),
      });
      ids.push(d.id);
    }
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const problems = watchProblems(page);
    try {
      await signIn(page, server.url, assoc.user.email, PASSWORD);
      await page.goto(`${server.url}/feed`);
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/rounds/new'),
        page.click('#round-link'),
      ]);
      for (const id of [ids[2], ids[0], ids[1]])
        await page.check(`input[name="donationIds"][value="${id}"]`);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'round-select');
      await Promise.all([
        page.waitForURL((u) => /^\/rounds\/\d+$/.test(u.pathname)),
        page.click('#round-form button[type="submit"]'),
      ]);
      const stops = await page.locator('#round-stops > li h3').allInnerTexts();
      expect(stops.length).toBe(3);
      stops.forEach((s, i) => expect(s).toContain(`Arrêt ${i + 1} · Primeur ${i + 1}`));
      const href = await page.getAttribute('#round-maps', 'href');
      expect(new URL(href!).searchParams.get('waypoints')!.split('|').length).toBe(2);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      // at each stop: the pickup in green, then the release outlined (white, green border), apart
      const pickup = page.locator('#round-stops > li').first().locator('a.button').first();
      const release = page.locator('#round-stops > li').first().locator('a.button.secondary');
      expect(await release.innerText()).toBe('Je ne peux plus y aller');
      const look = (l: typeof pickup) =>
        l.evaluate((e) => {
          const s = getComputedStyle(e);
          return { bg: s.backgroundColor, border: s.borderTopWidth };
        });
      const [p, r] = [await look(pickup), await look(release)];
      expect(r.bg).toBe('rgb(255, 255, 255)');
      expect(p.bg).not.toBe(r.bg);
      expect(r.border).toBe('2px');
      const [pb, rb] = [(await pickup.boundingBox())!, (await release.boundingBox())!];
      const apart = rb.y >= pb.y + pb.height ? rb.y - (pb.y + pb.height) : rb.x - (pb.x + pb.width);
      expect(apart).toBeGreaterThanOrEqual(8);
      await screenshot(page, 'round-page');
      expect(problems).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
