import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGS, CHROMIUM, PHONE, signIn, watchProblems } from '../helpers/browser.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Issue 17 in Debian's Chromium at 390x844: the site is installable (Chromium reads the manifest
// and finds no installability error), no linked file is missing, and once the service worker runs
// a page asked offline is the offline page, in the language last seen.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('the app on a phone', () => {
  it('installs, and shows its offline page in French then in English', async () => {
    const { user } = await createOrgWithUser(server.db, 'association');
    // a profile on disk: Chromium considers nothing installable in an incognito one
    const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pwa-')), {
      executablePath: CHROMIUM,
      args: ARGS,
      viewport: PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
    });
    context.setDefaultTimeout(20_000);
    const page = context.pages()[0] ?? (await context.newPage());
    const problems = watchProblems(page);
    await signIn(page, server.url, user.email, PASSWORD);
    await page.waitForFunction(async () => {
      const reg = await navigator.serviceWorker.getRegistration('/');
      return reg?.active?.state === 'activated' && reg.scope === `${location.origin}/`;
    });

    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.url).toBe(`${server.url}/manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    const installable = await cdp.send('Page.getInstallabilityErrors');
    expect(installable.installabilityErrors).toEqual([]);
    // the page is now controlled: a reload goes through the worker
    await page.reload();
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

    await context.setOffline(true);
    await page.goto(`${server.url}/feed`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Pas de connexion');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    // the kept stylesheet applies: the header has the brand colour
    expect(
      await page.evaluate(
        () => getComputedStyle(document.querySelector('header')!).backgroundColor,
      ),
    ).toBe('rgb(11, 110, 79)');

    await context.setOffline(false);
    await page.goto(`${server.url}/feed?lang=en`);
    await context.setOffline(true);
    await page.goto(`${server.url}/donations/1`);
    await expect(page.locator('h1').textContent()).resolves.toBe('No connection');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await context.setOffline(false);
    // offline, loads fail by design: count only what went wrong online
    // (the worker's own fetches while it keeps the shell are reported here too, and a navigation
    // may cut one: ERR_ABORTED; a missing file would be a 404 and still counts)
    expect(
      problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|^failed: .* net::ERR_ABORTED/.test(p)),
    ).toEqual([]);
    await context.close();
    expect(server.errors).toEqual([]);
  });
});
