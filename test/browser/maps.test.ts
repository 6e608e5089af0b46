import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  horizontalOverflow,
  launchBrowser,
  PHONE,
  phoneContext,
  screenshot,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { seedDataSet } from '../stats/data-set.js';

// Issue 13, on a 390x844 phone in Chromium: the feed's map, the shop's place on a donation and the
// territory's map, drawn by Leaflet from /static/, tiles from a local server playing
// MAP_TILES_URL; every label readable without hover, inside the screen.
let server: TestServer;
let browser: Browser;
let data: Awaited<ReturnType<typeof seedDataSet>>;
beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  data = await seedDataSet(server.db);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

/** The labels of one map, once Leaflet drew them, each checked to be visible inside the screen. */
async function labels(page: Page, map: string, count: number) {
  const tips = page.locator(`${map} .leaflet-tooltip.map-label`);
  await expect.poll(() => tips.count()).toBeGreaterThan(0);
  const all = await tips.allInnerTexts();
  expect(all, all.join(' | ')).toHaveLength(count);
  const texts: string[] = [];
  const boxes = await tips.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  // no label covers another (map.js moves a label to a free side of its marker)
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      expect(
        a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom,
        'two labels overlap',
      ).toBe(false);
  for (let i = 0; i < count; i++) {
    const tip = tips.nth(i);
    await tip.scrollIntoViewIfNeeded();
    expect(await tip.isVisible()).toBe(true);
    const box = (await tip.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    texts.push(await tip.innerText());
  }
  return texts.sort();
}

async function tilesShown(page: Page, map: string) {
  await expect
    .poll(() =>
      page
        .locator(`${map} img.leaflet-tile-loaded`)
        .evaluateAll((imgs) =>
          imgs.filter((i) => (i as HTMLImageElement).src.startsWith('http://127.0.0.1')),
        )
        .then((a) => a.length),
    )
    .toBeGreaterThan(0);
}

describe('maps on a phone', () => {
  it('the feed as a map: each shop named with its kg, the association’s own place, tiles from MAP_TILES_URL', async () => {
    const assoc = await createOrgWithUser(server.db, 'association', {
      name: 'Épicerie solidaire Croix-Rousse',
      lat: 45.7745,
      lng: 4.8275,
      radius_km: 3,
    });
    const bakery = await createOrgWithUser(server.db, 'shop', {
      name: 'Boulangerie <b>"Chez Léa"</b>',
      lat: 45.7712,
      lng: 4.8301,
    });
    const grocer = await createOrgWithUser(server.db, 'shop', {
      name: 'Primeur du plateau',
      lat: 45.7781,
      lng: 4.8236,
    });
    const far = await createOrgWithUser(server.db, 'shop', {
      name: 'Supérette de Vénissieux',
      lat: 45.697,
      lng: 4.886,
    });
    const window = { pickup_from: inHours(1), pickup_until: inHours(4), created_at: inHours(0) };
    await createDonation(server.db, { shopId: bakery.org.id, quantity_kg: 6, ...window });
    await createDonation(server.db, { shopId: bakery.org.id, quantity_kg: 2.5, ...window });
    const g = await createDonation(server.db, {
      shopId: grocer.org.id,
      quantity_kg: 12,
      ...window,
    });
    await createDonation(server.db, { shopId: far.org.id, quantity_kg: 30, ...window });

    const ctx = await phoneContext(browser);
    try {
      const page = await ctx.newPage();
      const problems = watchProblems(page);
      await signIn(page, server.url, assoc.user.email, PASSWORD);
      await page.goto(`${server.url}/feed`);
      expect(await page.locator('.map').count()).toBe(0); // the list is the default
      const asked = server.tileServer.requests.length;
      await Promise.all([page.waitForURL(/view=map/), page.click('.view-toggle a[href*="map"]')]);
      expect(
        await labels(page, '#feed-map', 3),
        'names are text: the <b> typed in a name shows as typed',
      ).toEqual([
        'Boulangerie <b>"Chez Léa"</b> · 2 dons, 8,5 kg',
        'Primeur du plateau · 12 kg',
        'Épicerie solidaire Croix-Rousse (vous)',
      ]);
      expect(await page.locator('#feed-map b').count()).toBe(0);
      await tilesShown(page, '#feed-map');
      expect(server.tileServer.requests.length).toBeGreaterThan(asked);
      expect(server.tileServer.requests.every((r) => /^\/\d+\/\d+\/\d+\.png$/.test(r))).toBe(true);
      // the attribution the tiles' licence asks for, with its link
      const credit = page.locator('#feed-map .leaflet-control-attribution a');
      expect(await credit.innerText()).toBe('© les contributeurs d’OpenStreetMap');
      expect(await credit.getAttribute('href')).toBe('https://www.openstreetmap.org/copyright');
      // the list is still there under the map
      expect(await page.locator('#feed li.donation').count()).toBe(3);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'feed-map');

      // a tap on a shop's label opens its donation
      await Promise.all([
        page.waitForURL(new RegExp(`/donations/${g.id}$`)),
        page.locator('#feed-map .map-label', { hasText: 'Primeur du plateau' }).click(),
      ]);
      expect(await labels(page, '#shop-map', 1)).toEqual(['Primeur du plateau']);
      await tilesShown(page, '#shop-map');
      expect(await page.locator('a', { hasText: 'Itinéraire' }).getAttribute('href')).toContain(
        '45.7781,4.8236',
      );
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'donation-shop-map');
      expect(problems).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('without JavaScript, the map link shows a note and the list', async () => {
    const assoc = await createOrgWithUser(server.db, 'association', { name: 'Antenne sans JS' });
    const ctx = await browser.newContext({
      viewport: PHONE,
      javaScriptEnabled: false,
      locale: 'fr-FR',
    });
    try {
      const page = await ctx.newPage();
      const problems = watchProblems(page);
      await signIn(page, server.url, assoc.user.email, PASSWORD);
      await page.goto(`${server.url}/feed`);
      await Promise.all([page.waitForURL(/view=map/), page.click('.view-toggle a[href*="map"]')]);
      expect(await page.locator('#feed-map').innerText()).toContain(
        'La carte a besoin de JavaScript',
      );
      expect(await page.locator('#feed li.donation').count()).toBeGreaterThan(0);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(problems).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('the territory’s map names its donors and associations with their kg', async () => {
    const ctx = await phoneContext(browser);
    try {
      const page = await ctx.newPage();
      const problems = watchProblems(page);
      await signIn(page, server.url, data.T.user.email, PASSWORD);
      await page.goto(`${server.url}/dashboard?period=month&month=2026-11`);
      // the territory covers Lyon: shop A and association X, not Villeurbanne's B and Y
      expect(await labels(page, '#stats-map', 2)).toEqual([
        'Boulangerie A · 13 kg',
        'Épicerie X · 15 kg',
      ]);
      await tilesShown(page, '#stats-map');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'dashboard-map');
      expect(problems).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
