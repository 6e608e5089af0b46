import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import { Geocoder } from '../../src/places/geocoder.js';
import {
  launchBrowser,
  phoneContext,
  screenshot,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startGeocoderServer, type GeocoderServer } from '../places/geocoder-server.js';

// Issue 17 at 390x844 in Chromium, on the demo town: each role's menu is one short header (its
// main places and "Plus"), every page it links fits the screen's width, the posting form's
// "Publier" is visible without scrolling, and "Plus" opens from the keyboard.
const PASSWORD = 'demo-password-1';
const ROLES = [
  'boulangerie@demo.example.org',
  'epicerie@demo.example.org',
  'benevole@demo.example.org',
  'admin@demo.example.org',
  'producteurs@demo.example.org',
  'territoire@demo.example.org',
];

let server: TestServer;
let browser: Browser;
let geo: GeocoderServer;
beforeAll(async () => {
  geo = await startGeocoderServer();
  server = await startTestServer({ geocoder: new Geocoder({ url: geo.url }) });
  await seedDemo(server.db, { password: PASSWORD });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await geo?.close();
});

const headerHeight = (page: Page) =>
  page.evaluate(() => document.querySelector('header')!.getBoundingClientRect().height);
const width = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('the phone navigation', () => {
  for (const email of ROLES)
    it(`${email}: a short header, and every page of the menu fits 390 px`, async () => {
      const context = await phoneContext(browser);
      const page = await context.newPage();
      const problems = watchProblems(page);
      try {
        await signIn(page, server.url, email, PASSWORD);
        const main = await page.locator('nav .nav-main > li > a').count();
        expect(main).toBeGreaterThanOrEqual(3);
        expect(main).toBeLessThanOrEqual(4);
        // its main places and "Plus" on one line (a long word pushed "Plus" to a line of its own)
        const tops = await page
          .locator('nav .nav-main > li')
          .evaluateAll((lis) => lis.map((li) => Math.round(li.getBoundingClientRect().top)));
        expect(new Set(tops).size, `menu lines: ${tops.join(', ')}`).toBe(1);
        // an association's drivers come for pickups: market withdrawals are not a main place
        if (/^(epicerie|benevole)@/.test(email))
          expect(await page.locator('nav .nav-main > li > a[href="/withdrawals"]').count()).toBe(0);
        // the menu's links closed behind "Plus" are not shown
        expect(await page.locator('.nav-more a').first().isVisible()).toBe(false);
        const hrefs = await page
          .locator('nav a[href^="/"]')
          .evaluateAll((as) =>
            as.map((a) => a.getAttribute('href')!).filter((h) => !h.includes('lang=')),
          );
        const wide: string[] = [];
        for (const href of hrefs) {
          await page.goto(`${server.url}${href}`);
          const h = await headerHeight(page);
          expect(h, `header on ${href}`).toBeLessThanOrEqual(96);
          const w = await width(page);
          if (w > 390) wide.push(`${href}: ${w} px`);
          await screenshot(page, `phone-${email.split('@')[0]}${href.replaceAll('/', '-')}`);
        }
        expect(wide).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

  it('"Publier" shows without scrolling on the posting form; "Plus" opens from the keyboard', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    try {
      await signIn(page, server.url, ROLES[0]!, PASSWORD);
      await page.goto(`${server.url}/donations/new`);
      const submit = page.locator('main form button[type="submit"]').last();
      expect(await submit.innerText()).toContain('Publier');
      const box = (await submit.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(844);
      expect(await headerHeight(page)).toBeLessThanOrEqual(96);

      // Tab from the top: skip link, brand, the main places, then "Plus"
      const summary = page.locator('.nav-more > summary');
      for (let i = 0; i < 8 && !(await summary.evaluate((s) => s === document.activeElement)); i++)
        await page.keyboard.press('Tab');
      expect(await summary.evaluate((s) => s === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      const account = page.locator('.nav-more a[href="/account"]');
      expect(await account.isVisible()).toBe(true);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('.nav-more') !== null)).toBe(
        true,
      );
    } finally {
      await context.close();
    }
  });
});

/** The visible elements under 44 px tall (a thumb's target), said by their text and height. */
const short = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) =>
    els
      .map((el) => el.closest('label') ?? el)
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height < 44;
      })
      .map(
        (el) =>
          `${(el.textContent ?? '').trim().slice(0, 30)}: ${Math.round(el.getBoundingClientRect().height)} px`,
      ),
  );

/** Elements whose right edge passes the screen, outside a scroll region (role="region"). */
const overflowing = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => !el.closest('[role="region"]') && el.checkVisibility())
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((el) => `${el.outerHTML.slice(0, 60)}: right at ${el.getBoundingClientRect().right} px`),
  );

describe('at 390x844: wide tables, "Plus" and tap targets', () => {
  it('/quality: the defects table scrolls in a named region, its rate on screen; nothing else overflows', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    try {
      await signIn(page, server.url, 'epicerie@demo.example.org', PASSWORD);
      await page.goto(`${server.url}/quality`);
      const region = page.locator('[role="region"]:has(#defect-rates)');
      expect(await region.getAttribute('tabindex')).toBe('0');
      expect(await region.getAttribute('aria-label')).toBeTruthy();
      expect((await overflowing(page)).join('\n')).toBe('');
      // the rate shows without scrolling the box sideways (it was past its right edge)
      const box = (await region.boundingBox())!;
      const rate = (await page.locator('#defect-rates th').nth(3).boundingBox())!;
      expect(rate.x + rate.width, 'the defect rate column').toBeLessThanOrEqual(box.x + box.width);
    } finally {
      await context.close();
    }
  });

  for (const locale of ['fr-FR', 'en-GB'])
    it(`"Plus", open, stays inside the screen (${locale})`, async () => {
      const context = await phoneContext(browser, { locale });
      const page = await context.newPage();
      try {
        for (const email of ROLES) {
          await signIn(page, server.url, email, PASSWORD);
          const hrefs = await page
            .locator('nav a[href^="/"]')
            .evaluateAll((as) =>
              as.map((a) => a.getAttribute('href')!).filter((h) => !h.includes('lang=')),
            );
          for (const href of hrefs) {
            await page.goto(`${server.url}${href}`);
            await page.click('.nav-more > summary');
            const box = (await page.locator('.nav-more[open] > ul').boundingBox())!;
            expect(box.x, `${email} ${href}`).toBeGreaterThanOrEqual(0);
            expect(box.x + box.width, `${email} ${href}`).toBeLessThanOrEqual(390);
          }
          await context.clearCookies();
        }
      } finally {
        await context.close();
      }
    });

  it('links, folds and boxes are at least 44 px tall', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const found: string[] = [];
    try {
      const visit = async (path: string, selector: string) => {
        await page.goto(`${server.url}${path}`);
        expect(await page.locator(selector).count(), `${selector} on ${path}`).toBeGreaterThan(0);
        for (const s of await short(page, selector)) found.push(`${path} ${s}`);
      };
      await signIn(page, server.url, 'boulangerie@demo.example.org', PASSWORD);
      await visit('/', 'nav .nav-main > li > a, .nav-more > summary');
      await visit('/donations/new', 'main summary');
      await visit('/dashboard', 'main summary');
      await visit('/series', 'input[name="weekdays"]');
      await context.clearCookies();
      await signIn(page, server.url, 'epicerie@demo.example.org', PASSWORD);
      await visit('/', 'main a');
      await page.goto(`${server.url}/feed`);
      const donation = await page
        .locator('main a[href^="/donations/"]')
        .first()
        .getAttribute('href');
      await visit(donation!, 'main .facts a');
      expect(found.join('\n')).toBe('');
    } finally {
      await context.close();
    }
  });
});
