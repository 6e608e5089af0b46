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
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

// Issue 3: on a 390x844 phone, a shop posts a surplus and a driver claims it and confirms the handover.
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a surplus from the shop to the association, on phones', () => {
  it('shop posts, driver claims in one tap, shop gives the code, driver confirms', async () => {
    const shop = await createOrgWithUser(server.db, 'shop', {
      name: 'Primeur des Pentes',
      lat: 45.7705,
      lng: 4.8302,
    });
    const assoc = await createOrgWithUser(
      server.db,
      'association',
      { name: 'Épicerie solidaire', lat: 45.772, lng: 4.833, storage_chilled: true },
      'member',
    );

    const shopCtx = await phoneContext(browser);
    const shopPage = await shopCtx.newPage();
    const shopProblems = watchProblems(shopPage);
    const driverCtx = await phoneContext(browser);
    const driver = await driverCtx.newPage();
    const driverProblems = watchProblems(driver);
    try {
      await signIn(shopPage, server.url, shop.user.email, PASSWORD);
      await shopPage.click('nav a[href="/donations"]');
      await shopPage.selectOption('select[name="category"]', 'fruit_vegetables');
      await shopPage.fill('input[name="description"]', 'Cagette de pommes abîmées');
      await shopPage.fill('input[name="quantityKg"]', '6,5');
      // the window defaults to today from now: widen its end so that the test never races midnight
      const until = await shopPage.inputValue('input[name="pickupUntilTime"]');
      expect(until).toMatch(/^\d\d:\d\d$/);
      expect(await horizontalOverflow(shopPage)).toBeLessThanOrEqual(0);
      await screenshot(shopPage, 'donation-form');
      await Promise.all([
        shopPage.waitForURL(/\/donations\/\d+$/),
        shopPage.click('#donation-form button[type="submit"]'),
      ]);
      const donationUrl = shopPage.url();
      expect(await shopPage.locator('h1').innerText()).toContain('Cagette de pommes abîmées');

      await signIn(driver, server.url, assoc.user.email, PASSWORD);
      await driver.goto(`${server.url}/feed`);
      const card = driver.locator('#feed li.donation', { hasText: 'Cagette de pommes abîmées' });
      await expect.poll(() => card.count()).toBe(1);
      expect(await card.locator('a', { hasText: 'Itinéraire' }).getAttribute('href')).toContain(
        'google.com/maps/dir/?api=1&destination=45.7705,4.8302',
      );
      expect(await horizontalOverflow(driver)).toBeLessThanOrEqual(0);
      await screenshot(driver, 'feed');
      await card.locator('button', { hasText: 'Je le prends' }).click(); // htmx swaps the card
      await expect
        .poll(() => driver.locator('.donation.claimed').innerText())
        .toContain('Réservé !');
      // and the driver's own list above the feed has it at once, and keeps it after the live refresh
      await expect
        .poll(() => driver.locator('#my-pickups').innerText())
        .toContain('Cagette de pommes abîmées');
      await driver.waitForTimeout(1_000);
      expect(await driver.locator('#my-pickups').innerText()).toContain(
        'Cagette de pommes abîmées',
      );

      await shopPage.goto(donationUrl);
      expect(await shopPage.locator('body').innerText()).toContain(
        'Épicerie solidaire vient chercher ce don',
      );
      const code = (await shopPage.locator('#handover-code').innerText()).trim();
      expect(code).toMatch(/^\d{3} \d{3}$/); // read out as it is shown, typed with its space
      await screenshot(shopPage, 'shop-code');

      await driver.goto(donationUrl);
      await driver.fill('input[name="handoverCode"]', code);
      await driver.fill('input[name="receivedKg"]', '6');
      await driver.selectOption('select[name="quality"]', 'acceptable');
      await driver.fill('textarea[name="issues"]', 'quelques pommes à trier');
      await screenshot(driver, 'pickup-form');
      await Promise.all([
        driver.waitForURL(donationUrl),
        driver.click('#pickup-form button[type="submit"]'),
      ]);
      expect(await driver.locator('h1').innerText()).toContain('Collecté');
      expect(await driver.locator('#history').innerText()).toContain('Réservé → Collecté');

      expect(shopProblems).toEqual([]);
      expect(driverProblems).toEqual([]);
      expect(server.errors).toEqual([]);
    } finally {
      await shopCtx.close();
      await driverCtx.close();
    }
  });
});
