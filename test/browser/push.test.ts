import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { apiAs } from '../helpers/app.js';
import { launchBrowser, phoneContext, signIn, watchProblems } from '../helpers/browser.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Issue 4 in Debian's Chromium: the service worker shows a pushed donation, and an open feed
// shows a new donation and drops a claimed one without reload.
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

describe('push in the browser', () => {
  it('the service worker shows the pushed donation with its title, and its link', async () => {
    const { user } = await createOrgWithUser(server.db, 'association');
    const context = await phoneContext(browser);
    await context.grantPermissions(['notifications'], { origin: server.url });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signIn(page, server.url, user.email, PASSWORD);
    await page.goto(`${server.url}/notifications`);
    // the script shows the button; subscribing needs a real push service (none offline), the worker stays registered
    await page.click('#push-on');
    const scope = `${server.url}/`; // the one service worker of the site
    await page.waitForFunction(
      async (s) => !!(await navigator.serviceWorker.getRegistration(s))?.active,
      scope,
    );

    const cdp = await context.newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e: any) =>
      registrations.push(...e.registrations),
    );
    await cdp.send('ServiceWorker.enable');
    for (let i = 0; i < 100 && !registrations.some((r) => r.scopeURL === scope); i++)
      await page.waitForTimeout(50);
    const reg = registrations.find((r) => r.scopeURL === scope)!;
    expect(reg).toBeTruthy();
    const payload = {
      title: 'Don à 1,2 km : Boulangerie',
      body: '12 kg · Pains · à prendre avant ven. 27 nov., 12:00',
      url: '/donations/42',
      donationId: 42,
    };
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: server.url,
      registrationId: reg.registrationId,
      data: JSON.stringify(payload),
    });
    // the same donation pushed again (a retry) replaces it: still one notification
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: server.url,
      registrationId: reg.registrationId,
      data: JSON.stringify(payload),
    });

    // polled from here: waitForFunction takes an async predicate's promise as its answer at once
    const read = () =>
      page.evaluate(async (s) => {
        const r = await navigator.serviceWorker.getRegistration(s);
        const list = (await r?.getNotifications()) ?? [];
        return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data?.url }));
      }, scope);
    let shown = await read();
    for (let i = 0; i < 100 && !shown.length; i++) {
      await page.waitForTimeout(50);
      shown = await read();
    }
    expect(shown).toEqual([
      {
        title: payload.title,
        body: payload.body,
        tag: 'donation-42',
        url: `${server.url}/donations/42`,
      },
    ]);
    expect(problems.filter((p) => !/push service|Registration failed|incognito/i.test(p))).toEqual(
      [],
    );
    await context.close();
  });
});

describe('live feed', () => {
  it('a new donation appears and a claimed one disappears on an open feed, without reload', async () => {
    const { user: shopUser } = await createOrgWithUser(server.db, 'shop', {
      lat: 45.76,
      lng: 4.83,
    });
    const { user: driver } = await createOrgWithUser(server.db, 'association', {
      lat: 45.761,
      lng: 4.831,
      radius_km: 5,
    });
    const { user: rival } = await createOrgWithUser(server.db, 'association', {
      lat: 45.762,
      lng: 4.832,
      radius_km: 5,
    });
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, driver.email, PASSWORD);
    const connected = page.waitForResponse((r) => r.url().endsWith('/events'));
    await page.goto(`${server.url}/feed`);
    await connected;
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));

    const shop = await apiAs(server.app, shopUser.email, PASSWORD);
    const from = new Date(Date.now() + 5 * 60_000);
    const posted = await shop.post('/donations', {
      category: 'bakery',
      description: 'Brioches du matin (live)',
      quantityKg: 6,
      storage: 'ambient',
      pickupFrom: from.toISOString(),
      pickupUntil: new Date(from.getTime() + 3 * 3600_000).toISOString(),
    });
    expect(posted.status).toBe(201);
    const t0 = Date.now();
    await page
      .locator('#feed', { hasText: 'Brioches du matin (live)' })
      .waitFor({ timeout: 5_000 });
    const appeared = Date.now() - t0;

    const claim = await (
      await apiAs(server.app, rival.email, PASSWORD)
    ).post(`/donations/${posted.body.id}/claim`);
    expect(claim.status).toBe(200);
    const t1 = Date.now();
    await page
      .locator('#feed', { hasText: 'Brioches du matin (live)' })
      .waitFor({ state: 'detached', timeout: 5_000 });
    const gone = Date.now() - t1;
    console.log(`live feed: appeared after ${appeared} ms, disappeared after ${gone} ms`);
    await context.close();
  });
});
