import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phoneContext, signIn } from '../helpers/browser.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Issue 17 on a 390x844 screen: the /notifications page shows one French sentence per state,
// never the browser's English error, never "Désactiver" while off, no test without a device.
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({});
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('/notifications on a phone', () => {
  it('off: only "Activer", a French sentence; a failed subscription says so in French', async () => {
    const { user } = await createOrgWithUser(server.db, 'association');
    const context = await phoneContext(browser);
    await context.grantPermissions(['notifications'], { origin: server.url });
    const page = await context.newPage();
    await signIn(page, server.url, user.email, PASSWORD);
    await page.goto(`${server.url}/notifications`);
    const state = page.locator('#push-state');
    await expect
      .poll(() => state.textContent())
      .toBe(
        'Les notifications sont désactivées sur cet appareil. Activez-les pour être prévenu dès qu’un don est proposé.',
      );
    expect(await page.locator('#push-on').isVisible()).toBe(true);
    expect(await page.locator('#push-off').isVisible()).toBe(false);
    expect(await page.locator('#push-test').count()).toBe(0); // no device registered
    // offline there is no push service: subscribing fails in the browser
    await page.click('#push-on');
    await expect
      .poll(() => state.textContent(), { timeout: 15_000 })
      .toMatch(/pas pu être activées|activées sur cet appareil :/);
    const text = (await state.textContent()) ?? '';
    expect(text).not.toMatch(
      /Registration failed|permission denied|AbortError|push service error/i,
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: 'test-results/browser/notifications-page.png' });
    await context.close();
  });

  it('blocked: says how to allow them, and offers no button', async () => {
    const { user } = await createOrgWithUser(server.db, 'association');
    const context = await phoneContext(browser);
    const page = await context.newPage();
    // the browser's answer for a site the user blocked (a context's permission cannot be set to
    // 'denied' through Playwright): what the page's script reads
    await page.addInitScript(() =>
      Object.defineProperty(Notification, 'permission', { get: () => 'denied' }),
    );
    await signIn(page, server.url, user.email, PASSWORD);
    await page.goto(`${server.url}/notifications`);
    await expect
      .poll(() => page.locator('#push-state').textContent())
      .toContain('Les notifications sont bloquées pour ce site');
    expect(await page.locator('#push-on').isVisible()).toBe(false);
    expect(await page.locator('#push-off').isVisible()).toBe(false);
    await context.close();
  });
});
