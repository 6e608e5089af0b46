import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  phoneContext,
  screenshot,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Issue 17, from the phone walkthrough, at 390x844 with a touch screen: after "Je le prends" the
// thumb's next tap lands on the claimed card, not on the next card's button, even once the live
// list has refreshed; and the posting form's sticky "Publier" never covers the field being typed.
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

/** What is under the point: a claimed card, a claim button, or something else. */
const under = (page: Page, x: number, y: number) =>
  page.evaluate(
    ([x, y]) => {
      const el = document.elementFromPoint(x!, y!);
      return {
        claimed: el?.closest('.donation.claimed')?.id ?? null,
        claimButton: Boolean(el?.closest('form[action$="/claim"]')),
      };
    },
    [x, y],
  );

describe('the thumb on a phone', () => {
  it('a second tap where "Je le prends" was claims nothing more, after the live refresh too', async () => {
    const now = Date.now();
    const shop = await createOrgWithUser(server.db, 'shop', { lat: 45.7705, lng: 4.8302 });
    const assoc = await createOrgWithUser(
      server.db,
      'association',
      { lat: 45.772, lng: 4.833 },
      'member',
    );
    for (let i = 1; i <= 4; i++)
      await createDonation(server.db, {
        shopId: shop.org.id,
        description: `Cagette ${i}`,
        created_at: new Date(now - 120_000),
        pickup_from: new Date(now - 60_000),
        pickup_until: new Date(now + (2 + i) * 3_600_000), // the feed lists them in this order
      });
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await signIn(page, server.url, assoc.user.email, PASSWORD);
      await page.goto(`${server.url}/feed`);
      const buttons = page.locator('#feed form[action$="/claim"] button');
      await expect.poll(() => buttons.count()).toBe(4);
      // the page scrolled as a driver has it, the thumb on the second card's button
      const target = buttons.nth(1);
      await target.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      const box = (await target.boundingBox())!;
      const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
      const refresh = page.waitForResponse((r) => r.url().includes('/feed?fragment=1'));
      await page.touchscreen.tap(x, y);
      await page.locator('#feed .donation.claimed').waitFor();
      const claimedId = (await page.locator('#feed .donation.claimed').getAttribute('id'))!;
      expect(await under(page, x, y)).toEqual({ claimed: claimedId, claimButton: false });
      // the confirmation has the focus, for a screen reader too
      expect(
        await page.evaluate(() => document.activeElement?.closest('.donation.claimed')?.id),
      ).toBe(claimedId);

      // the live list refreshes (the claim is news to every feed): the card keeps its place
      const refreshed = await refresh;
      expect(refreshed.url()).toContain(`claimed=${claimedId.replace('donation-', '')}`);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('#feed .donation.claimed').count()).toBe(1);
      expect(await under(page, x, y)).toEqual({ claimed: claimedId, claimButton: false });
      await screenshot(page, 'thumb-after-claim');

      await page.touchscreen.tap(x, y); // the double tap
      await page.waitForLoadState('networkidle');
      const claimed = await server.db
        .selectFrom('donations')
        .select('id')
        .where('claimed_by', '=', assoc.org.id)
        .execute();
      expect(claimed.map((d) => `donation-${d.id}`)).toEqual([claimedId]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  /** Tabs through the posting form; the fields that ended under the sticky button or off screen. */
  async function coveredFields(page: Page) {
    const covered: string[] = [];
    let fields = 0;
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const r = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const button = document.querySelector('#donation-form button.big')!;
        if (!el?.matches('#donation-form :is(input:not([type=hidden]), select, textarea)'))
          return { done: el === button, name: null, covered: false };
        const f = el.getBoundingClientRect();
        const b = button.getBoundingClientRect();
        const overlap = f.bottom > b.top && f.top < b.bottom;
        return {
          done: false,
          name: el.getAttribute('name'),
          covered: overlap || f.top < 0 || f.bottom > window.innerHeight,
        };
      });
      if (r.done) break;
      if (r.name) fields++;
      if (r.covered) covered.push(r.name!);
    }
    return { fields, covered };
  }

  it('a field focused on the posting form is never under the sticky "Publier"', async () => {
    const shop = await createOrgWithUser(server.db, 'shop', { lat: 45.76, lng: 4.83 });
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await signIn(page, server.url, shop.user.email, PASSWORD);
      await page.goto(`${server.url}/donations/new`);
      const { fields, covered } = await coveredFields(page);
      expect(fields).toBeGreaterThanOrEqual(5);
      expect(covered).toEqual([]);
      expect(problems).toEqual([]);

      // the check can fail: without the stylesheet's scroll padding, a field ends under it
      await page.goto(`${server.url}/donations/new`);
      await page.evaluate(() =>
        document.documentElement.style.setProperty('scroll-padding-bottom', '0', 'important'),
      );
      expect((await coveredFields(page)).covered.length).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
});
