import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  horizontalOverflow,
  launchBrowser,
  phoneContext,
  screenshot,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Issue 13, on a 390x844 phone: the shop's way in and phones, set through the new forms, reach the
// driver who claims (and only once claimed); a donation nobody can take says so on the shop's page.
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

const inAnHour = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

async function fitsThePhone(page: Page, name: string) {
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await screenshot(page, name);
}

describe('pickup contacts and reach on phones', () => {
  it('the shop sets its way in, the driver a phone; each sees the other once claimed', async () => {
    const shop = await createOrgWithUser(server.db, 'shop', {
      name: 'Fromagerie de la Croix-Rousse',
      lat: 45.7745,
      lng: 4.8275,
    });
    const assoc = await createOrgWithUser(server.db, 'association', {
      name: 'Restos du cœur Croix-Rousse',
      lat: 45.776,
      lng: 4.83,
    });
    const d = await createDonation(server.db, {
      shopId: shop.org.id,
      pickup_from: inAnHour(1),
      pickup_until: inAnHour(3),
      created_at: new Date().toISOString(),
    });

    const shopCtx = await phoneContext(browser);
    const driverCtx = await phoneContext(browser);
    try {
      const shopPage = await shopCtx.newPage();
      const shopProblems = watchProblems(shopPage);
      await signIn(shopPage, server.url, shop.user.email, PASSWORD);
      await shopPage.goto(`${server.url}/organisations/${shop.org.id}`);
      await shopPage.fill('textarea[name="accessNotes"]', 'Porte de service rue Dumenge, sonner');
      await shopPage.fill('input[name="pickupPhone"]', '04 78 12 34 56');
      await fitsThePhone(shopPage, 'profile-contacts');
      await Promise.all([
        shopPage.waitForResponse(
          (r) =>
            r.url().endsWith(`/organisations/${shop.org.id}`) && r.request().method() === 'POST',
        ),
        shopPage.click(`form[action="/organisations/${shop.org.id}"] button[type="submit"]`),
      ]);
      await shopPage.waitForLoadState('load');
      expect(await shopPage.inputValue('input[name="pickupPhone"]')).toBe('04 78 12 34 56');

      const driver = await driverCtx.newPage();
      const driverProblems = watchProblems(driver);
      await signIn(driver, server.url, assoc.user.email, PASSWORD);
      await driver.goto(`${server.url}/account`);
      await driver.fill('input[name="phone"]', '06 12 34 56 78');
      await fitsThePhone(driver, 'account-phone');
      await Promise.all([
        driver.waitForURL((u) => u.search.includes('saved=phone')),
        driver.click('form[action="/account/phone"] button[type="submit"]'),
      ]);

      // before the claim: nothing of the shop's way in
      await driver.goto(`${server.url}/donations/${d.id}`);
      expect(await driver.locator('body').innerText()).not.toContain('Porte de service');
      // the claim answers htmx or a redirect: wait for its answer either way, not for a page load
      await Promise.all([
        driver.waitForResponse(
          (r) => r.url().endsWith(`/donations/${d.id}/claim`) && r.request().method() === 'POST',
        ),
        driver.click(`form[action="/donations/${d.id}/claim"] button`),
      ]);
      await driver.waitForLoadState('load');
      await driver.goto(`${server.url}/donations/${d.id}`);
      expect(await driver.locator('body').innerText()).toContain('Porte de service rue Dumenge');
      expect(await driver.locator('a[href="tel:+33478123456"]').isVisible()).toBe(true);
      await fitsThePhone(driver, 'donation-claimed-contacts');

      await shopPage.goto(`${server.url}/donations/${d.id}`);
      expect(await shopPage.locator('a[href="tel:+33612345678"]').isVisible()).toBe(true);
      await fitsThePhone(shopPage, 'donation-shop-driver');
      expect(shopProblems, 'shop page problems').toEqual([]);
      expect(driverProblems, 'driver page problems').toEqual([]);
    } finally {
      await shopCtx.close();
      await driverCtx.close();
    }
  });

  it('a donation nobody can take says why on the shop’s page', async () => {
    const shop = await createOrgWithUser(server.db, 'shop', {
      name: 'Crèmerie isolée',
      lat: 43.3,
      lng: 5.4,
    });
    const d = await createDonation(server.db, {
      shopId: shop.org.id,
      storage: 'chilled',
      category: 'dairy',
      pickup_from: inAnHour(1),
      pickup_until: inAnHour(3),
      created_at: new Date().toISOString(),
    });
    const ctx = await phoneContext(browser);
    try {
      const page = await ctx.newPage();
      const problems = watchProblems(page);
      await signIn(page, server.url, shop.user.email, PASSWORD);
      await page.goto(`${server.url}/donations/${d.id}`);
      const reach = page.locator('#reach');
      expect(await reach.isVisible()).toBe(true);
      expect(await reach.innerText()).toContain('Aucune association ne peut prendre ce don');
      await fitsThePhone(page, 'donation-reach');
      expect(problems).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
