import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addDays, parisDate } from '../../src/shared/time.js';
import {
  horizontalOverflow,
  launchBrowser,
  phoneContext,
  screenshot,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDonation, markClaimed } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { icalDate, parseCalendar } from '../calendar/ical-parse.js';

// Issue 15 on a 390x844 phone: a shop sets up a regular donation and skips one date; a driver
// records a partial pickup and the rest appears in another association's feed; the driver's
// calendar URL answers an iCal file that a strict parser reads back.
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

describe('regular donations and the pickup as it happens, on phones', () => {
  it('a shop sets up a regular donation and skips one date through the page', async () => {
    const shop = await createOrgWithUser(server.db, 'shop', {
      name: 'Boulangerie du Soir',
      lat: 45.7705,
      lng: 4.8302,
    });
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const problems = watchProblems(page);
    try {
      await signIn(page, server.url, shop.user.email, PASSWORD);
      await page.goto(`${server.url}/donations`);
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/series'),
        page.click('a[href="/series"]'),
      ]);
      await page.selectOption('#f-category', 'bakery');
      await page.fill('#f-description', 'environ 8 kg de pain');
      await page.fill('#f-quantityKg', '8');
      await page.check('input[name="weekdays"][value="2"]');
      await page.check('input[name="weekdays"][value="5"]');
      await page.fill('#f-pickupFromTime', '19:00');
      await page.fill('#f-pickupUntilTime', '19:30');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'series-form');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/series'),
        page.click('form[action="/series"] button[type="submit"]'),
      ]);
      const s = await server.db
        .selectFrom('donation_series')
        .selectAll()
        .where('shop_id', '=', shop.org.id)
        .executeTakeFirstOrThrow();
      const card = page.locator(`#series-${s.id}`);
      expect(await card.innerText()).toContain(
        'Tous les mardis, vendredis, 19:00 - 19:30, environ 8 kg : environ 8 kg de pain',
      );
      // the next Tuesday at least a day ahead
      const today = parisDate(new Date());
      let day = addDays(today, 1);
      while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 2) day = addDays(day, 1);
      await card.locator(`#skip-${s.id}`).fill(day);
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/series'),
        card.locator('button', { hasText: 'Sauter' }).click(),
      ]);
      const dates = await server.db
        .selectFrom('donation_series_dates')
        .select(['day', 'skipped'])
        .where('series_id', '=', s.id)
        .execute();
      expect(dates).toEqual([{ day, skipped: true }]);

      // and changes it: the usual quantity, on its own page
      await Promise.all([
        page.waitForURL((u) => u.pathname === `/series/${s.id}/edit`),
        card.locator('a', { hasText: 'Modifier' }).click(),
      ]);
      expect(await page.inputValue('#f-quantityKg')).toBe('8');
      await page.fill('#f-quantityKg', 'beaucoup');
      await page.click(`form[action="/series/${s.id}"] button[type="submit"]`);
      await expect.poll(() => page.locator('#f-quantityKg-err').count()).toBe(1);
      expect(await page.inputValue('#f-quantityKg')).toBe('beaucoup');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'series-edit-error');
      await page.fill('#f-quantityKg', '10');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/series'),
        page.click(`form[action="/series/${s.id}"] button[type="submit"]`),
      ]);
      expect(await page.locator(`#series-${s.id}`).innerText()).toContain('environ 10 kg');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'series-list');
      expect(problems).toEqual([]);
      expect(server.errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('a partial pickup offers the rest to another association; the calendar URL reads back', async () => {
    const shop = await createOrgWithUser(server.db, 'shop', {
      name: 'Primeur de la Croix',
      lat: 45.7676,
      lng: 4.8344,
    });
    const near = { radius_km: 3, storage_chilled: true, storage_frozen: true };
    const driverOrg = await createOrgWithUser(
      server.db,
      'association',
      { name: 'Épicerie des Pentes', lat: 45.77, lng: 4.84, ...near },
      'member',
    );
    const other = await createOrgWithUser(
      server.db,
      'association',
      { name: 'Resto du quartier', lat: 45.768, lng: 4.835, ...near },
      'member',
    );
    const now = Date.now();
    const from = new Date(now + 10 * 60_000);
    const until = new Date(now + 3 * 3_600_000);
    const d = await createDonation(server.db, {
      shopId: shop.org.id,
      description: 'Cagettes de pommes',
      category: 'fruit_vegetables',
      quantity_kg: 5,
      pickup_from: from,
      pickup_until: until,
      created_at: new Date(now - 60_000),
    });
    await markClaimed(server.db, d.id, driverOrg.org.id, new Date(now - 30_000));

    const driverCtx = await phoneContext(browser);
    const otherCtx = await phoneContext(browser);
    try {
      const driver = await driverCtx.newPage();
      const driverProblems = watchProblems(driver);
      await signIn(driver, server.url, driverOrg.user.email, PASSWORD);
      await driver.goto(`${server.url}/donations/${d.id}`);
      await driver.fill('input[name="handoverCode"]', '1234');
      await driver.fill('input[name="receivedKg"]', '2');
      await driver.check('input[name="remainder"][value="reoffer"]');
      expect(await horizontalOverflow(driver)).toBeLessThanOrEqual(0);
      await screenshot(driver, 'partial-pickup-form');
      await Promise.all([
        driver.waitForURL(`${server.url}/donations/${d.id}`),
        driver.click('#pickup-form button[type="submit"]'),
      ]);
      expect(await driver.locator('h1').innerText()).toContain('Collecté');
      const rest = await server.db
        .selectFrom('donations')
        .selectAll()
        .where('parent_id', '=', d.id)
        .executeTakeFirstOrThrow();
      expect([rest.status, Number(rest.quantity_kg)]).toEqual(['open', 3]);

      const o = await otherCtx.newPage();
      const otherProblems = watchProblems(o);
      await signIn(o, server.url, other.user.email, PASSWORD);
      await o.goto(`${server.url}/feed`);
      const card = o.locator('#feed li.donation', {
        has: o.locator(`a[href="/donations/${rest.id}"]`),
      });
      await expect.poll(() => card.count()).toBe(1);
      expect(await card.innerText()).toContain('Cagettes de pommes');
      expect(await horizontalOverflow(o)).toBeLessThanOrEqual(0);
      await screenshot(o, 'remainder-in-feed');

      // the driver subscribes their calendar: the URL answers without a session
      await driver.goto(`${server.url}/account/calendar`);
      await Promise.all([
        driver.waitForURL(`${server.url}/account/calendar`),
        driver.click('form[action="/account/calendar"] button[type="submit"]'),
      ]);
      const url = await driver.inputValue('#calendar-address');
      expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      expect(await horizontalOverflow(driver)).toBeLessThanOrEqual(0);
      await screenshot(driver, 'calendar-url');
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const { calendar, events } = parseCalendar(await res.text());
      expect(calendar.VERSION).toBe('2.0');
      const ev = events.find((e) => e.UID?.startsWith(`donation-${d.id}@`));
      expect(ev).toBeTruthy();
      expect(icalDate(ev!.DTSTART)).toEqual(new Date(Math.floor(from.getTime() / 1000) * 1000));
      expect(icalDate(ev!.DTEND)).toEqual(new Date(Math.floor(until.getTime() / 1000) * 1000));
      expect(ev!.SUMMARY).toContain('Primeur de la Croix');
      expect(JSON.stringify(events)).not.toContain('1234');

      expect(driverProblems).toEqual([]);
      expect(otherProblems).toEqual([]);
      expect(server.errors).toEqual([]);
    } finally {
      await driverCtx.close();
      await otherCtx.close();
    }
  });
});
