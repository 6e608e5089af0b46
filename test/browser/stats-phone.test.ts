import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  horizontalOverflow,
  launchBrowser,
  phoneContext,
  screenshot,
  SCREENSHOTS,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD } from '../helpers/factories.js';
import { seedDataSet } from '../stats/data-set.js';

// Issue 17: the dashboard on a 390x844 phone: chart text at least 12 px as seen, nothing wider
// than the screen, the figure summary readable without scrolling.
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

describe('dashboard on a 390x844 phone', () => {
  for (const lang of ['fr', 'en'] as const)
    it(`reads in ${lang}: summary first, chart text >= 12 px, tables scroll in their box`, async () => {
      const ctx = await phoneContext(browser, { locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
      const page = await ctx.newPage();
      const problems = watchProblems(page);
      await signIn(page, server.url, s.T.user.email, PASSWORD);
      await page.goto(`${server.url}/dashboard?period=month&month=2026-11&lang=${lang}`);

      const summary = page.locator('#stats-summary');
      expect(await summary.innerText()).toMatch(
        lang === 'fr' ? /^15 kg collectés en novembre 2026, soit 30 repas$/ : /that is 30 meals$/,
      );
      const box = (await summary.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(844);

      // every text of every chart, measured as drawn: its rendered height and its font size
      // times the SVG's scale (rendered width / viewBox width)
      const sizes = await page.$$eval('svg.chart text', (els) =>
        els.map((el) => {
          const svg = (el as SVGTextElement).ownerSVGElement!;
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return {
            text: el.textContent,
            px: parseFloat(getComputedStyle(el).fontSize) * scale,
            height: el.getBoundingClientRect().height,
          };
        }),
      );
      expect(sizes.length).toBeGreaterThan(6);
      for (const t of sizes) {
        expect(t.px, String(t.text)).toBeGreaterThanOrEqual(12);
        expect(t.height, String(t.text)).toBeGreaterThanOrEqual(12);
      }
      const ticks = await page.locator('svg.chart text.tick').allTextContents();
      expect(ticks).toContain(lang === 'fr' ? '2 nov.' : '2 Nov');
      // no chart text runs outside its SVG
      const outside = await page.$$eval('svg.chart text', (els) =>
        els
          .filter((el) => {
            const r = el.getBoundingClientRect();
            const b = (el as SVGTextElement).ownerSVGElement!.getBoundingClientRect();
            return r.left < b.left - 0.5 || r.right > b.right + 0.5;
          })
          .map((el) => el.textContent),
      );
      expect(outside).toEqual([]);

      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      // a wide table scrolls inside its box, which the keyboard can reach
      const wrap = page.locator('#shops').locator('xpath=..');
      expect(await wrap.getAttribute('tabindex')).toBe('0');
      expect(await wrap.getAttribute('aria-label')).toBeTruthy();
      await wrap.focus();
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('table-wrap');
      await screenshot(page, `dashboard-phone-${lang}`);
      const charts = page.locator('svg.chart');
      for (const i of [0, 1])
        await charts
          .nth(i)
          .screenshot({ path: `${SCREENSHOTS}/dashboard-phone-chart${i}-${lang}.png` });
      expect(problems).toEqual([]);
      await ctx.close();
    });
});
