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
import { PASSWORD } from '../helpers/factories.js';
import { seedDataSet } from '../stats/data-set.js';

// Issue 5: the dashboard reads on a phone and on a desktop, charts drawn, nothing broken.
let server: TestServer;
let browser: Browser;
let s: Awaited<ReturnType<typeof seedDataSet>>;
beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  s = await seedDataSet(server.db);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('dashboard in Chromium', () => {
  it('on a 390x844 phone: counters, charts, no sideways scrolling; the filters work without typing a URL', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const problems = watchProblems(page);
    await signIn(page, server.url, s.A.user.email, PASSWORD);
    await page.click('nav a[href="/dashboard"]');
    await page.locator('summary', { hasText: 'Filtres' }).click();
    await page.selectOption('select[name="period"]', 'month');
    await page.fill('input[name="month"]', '2026-11');
    await Promise.all([
      page.waitForURL(/month=2026-11/),
      page.click('form.filters button[type="submit"]'),
    ]);
    expect(await page.locator('#counter-picked-kg .figure').innerText()).toBe('13');
    expect(await page.locator('#counter-meals').innerText()).toContain('1 repas = 0,5 kg');
    expect(await page.locator('svg.chart').count()).toBe(2);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'dashboard-phone');
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it('on a 1280x800 desktop, for a territory, with the ranking and the map of donors', async () => {
    const ctx = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
    });
    const page = await ctx.newPage();
    const problems = watchProblems(page);
    await signIn(page, server.url, s.T.user.email, PASSWORD);
    await page.goto(`${server.url}/dashboard?period=month&month=2026-11`);
    expect(await page.locator('#counter-picked-kg .figure').innerText()).toBe('15');
    expect(await page.locator('#shops tbody tr').first().innerText()).toContain('Boulangerie A');
    // the territory's map (Leaflet, tiles from the test server) names its area's shop and association
    await expect.poll(() => page.locator('#stats-map .leaflet-tooltip.map-label').count()).toBe(2);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'dashboard-desktop');
    expect(problems).toEqual([]);
    await ctx.close();
  });
});
