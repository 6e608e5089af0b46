import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import { Geocoder } from '../../src/places/geocoder.js';
import { launchBrowser, PHONE, signIn, watchProblems } from '../helpers/browser.js';
import { axeViolations, smallText } from '../helpers/page-checks.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startGeocoderServer, type GeocoderServer } from '../places/geocoder-server.js';

// Issue 17, checked by a machine: every main page of every role of the demo town, in French and
// in English, in Chromium at 390x844, fits the screen's width, shows no text under 12 px, logs no
// console error, passes axe-core's WCAG 2.1 A and AA rules (contrast included), says its language
// and writes no date as ISO; so do the pages reached by sending a form (POSTS). A screenshot of
// each is kept.
const PASSWORD = 'demo-password-1';
const SHOTS = 'test-results/pages';

/**
 * Each role's demo account, and the pages it reaches besides its menu's links; one page of each
 * kind of detail its pages link to (DETAILS) is visited too.
 */
const ROLES: [role: string, email: string, extra: string[]][] = [
  [
    'shop',
    'boulangerie',
    ['/donations/new', '/series', '/account/notifications', '/account/tokens'],
  ],
  [
    'association',
    'epicerie',
    ['/account/notifications', '/hubs/held', '/hubs/waiting', '/rounds/new'],
  ],
  ['driver', 'benevole', ['/account/notifications']],
  ['territory', 'territoire', ['/account/notifications']],
  ['producer', 'producteurs', ['/account/notifications']],
  [
    'admin',
    'admin',
    [
      '/admin/organisations?pending=1',
      '/admin/territories',
      '/admin/factors',
      '/admin/withdrawal-rates',
      '/withdrawals',
    ],
  ],
];

const DETAILS = [
  /^\/donations\/\d+$/,
  /^\/donations\/\d+\/(cancel|release)$/,
  /^\/series\/\d+\/end$/,
  /^\/series\/closures\/\d+\/reopen$/,
  /^\/donations\/\d+\/edit$/,
  /^\/series\/\d+\/edit$/,
  /^\/withdrawals\/\d+\/attestation$/,
  /^\/admin\/territories\/\d+\/area$/,
  /^\/receipts\/\d+$/,
  /^\/organisations\/\d+\/directory$/,
];

let server: TestServer;
let browser: Browser;
let geo: GeocoderServer;
beforeAll(async () => {
  geo = await startGeocoderServer();
  server = await startTestServer({ geocoder: new Geocoder({ url: geo.url }) });
  await seedDemo(server.db, { password: PASSWORD });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await geo?.close();
});

type Lang = 'fr' | 'en';

/**
 * Pages reached by sending a form, checked like the others: the posting result, the confirmation
 * pages a POST answers with (withdrawing an approval), what is shown once (an API token, a
 * calendar URL), the feed after "Je le prends", "Je suis en route". Each step leaves the page to
 * check open; a step with nothing to act on (no donation left to claim) says so and is skipped.
 */
type Step = (page: Page, lang: Lang) => Promise<boolean>;
const submit = async (page: Page, form: string) => {
  await Promise.all([
    page.waitForEvent('load'),
    page.locator(`${form} button[type="submit"]`).first().click(),
  ]);
  await page.waitForLoadState('networkidle');
  return true;
};
const POSTS: Record<string, [name: string, step: Step][]> = {
  shop: [
    [
      'posted',
      async (page, lang) => {
        await page.goto(`${server.url}/donations/new`);
        await page.selectOption('select[name="category"]', 'bakery');
        await page.fill('input[name="description"]', `Pain (${lang})`);
        await page.fill('input[name="quantityKg"]', lang === 'fr' ? '3,5' : '3.5');
        await Promise.all([
          page.waitForURL(/\/donations\/\d+$/),
          page.click('#donation-form button[type="submit"]'),
        ]);
        return true;
      },
    ],
    [
      'cancel-confirm',
      async (page) => {
        await Promise.all([page.waitForURL(/\/cancel$/), page.click('main a[href$="/cancel"]')]);
        return true;
      },
    ],
    ['cancelled', (page) => submit(page, 'main form[action$="/cancel"]')],
    [
      'token-shown',
      async (page) => {
        await page.goto(`${server.url}/account/tokens`);
        return submit(page, 'form[action="/account/tokens"]');
      },
    ],
    [
      'calendar-shown',
      async (page) => {
        await page.goto(`${server.url}/account/calendar`);
        return submit(page, 'form[action="/account/calendar"]');
      },
    ],
  ],
  association: [
    [
      'claimed-in-feed',
      async (page) => {
        await page.goto(`${server.url}/feed`);
        const claim = page.locator('#feed form[action$="/claim"] button').first();
        if (!(await claim.count())) return false;
        await claim.click();
        await page.locator('#feed .donation.claimed').waitFor();
        await page.waitForLoadState('networkidle');
        return true;
      },
    ],
    [
      'on-the-way',
      async (page) => {
        const href = await page
          .locator('#feed .donation.claimed h3 a')
          .first()
          .getAttribute('href');
        if (!href) return false;
        await page.goto(`${server.url}${href}`);
        return submit(page, '#on-the-way');
      },
    ],
    [
      'release-confirm',
      async (page) => {
        await Promise.all([page.waitForURL(/\/release$/), page.click('main a[href$="/release"]')]);
        return true;
      },
    ],
  ],
  admin: [
    [
      'unapprove-confirm',
      async (page) => {
        await page.goto(`${server.url}/admin/organisations`);
        const form = page.locator(
          'form[id^="approval-"]:has(input[name="approved"][value="false"])',
        );
        if (!(await form.count())) return false;
        await Promise.all([page.waitForEvent('load'), form.first().locator('button').click()]);
        return true;
      },
    ],
  ],
};

/** A visible ISO date ("2027-03-31") in the page's text: dates are written for people. */
function isoDates(page: Page) {
  return page.evaluate(() =>
    [...document.body.innerText.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)].map((m) => m[0]).slice(0, 3),
  );
}

/** Everything the page does wrong, each said with its path. */
async function pageFaults(page: Page, label: string, lang: Lang, problems: string[]) {
  const faults: string[] = [];
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (over > 0) faults.push(`${label}: ${over} px too wide`);
  for (const s of await smallText(page)) faults.push(`${label}: small text ${s}`);
  for (const v of await axeViolations(page)) faults.push(`${label}: axe ${v}`);
  for (const p of problems) faults.push(`${label}: ${p}`);
  const htmlLang = await page.evaluate(() => document.documentElement.lang);
  if (htmlLang !== lang) faults.push(`${label}: lang="${htmlLang}"`);
  for (const d of await isoDates(page)) faults.push(`${label}: ISO date ${d}`);
  return faults;
}

describe('every page of every role at 390x844', () => {
  for (const lang of ['fr', 'en'] as const)
    for (const [role, local, extra] of ROLES)
      it(`${role} (${lang}): fits, readable, no console error, no axe violation`, async () => {
        // axe is injected as an inline script, which the site's CSP rightly refuses
        const context = await browser.newContext({
          viewport: PHONE,
          deviceScaleFactor: 1,
          isMobile: true,
          hasTouch: true,
          locale: lang === 'fr' ? 'fr-FR' : 'en-GB',
          timezoneId: 'Europe/Paris',
          bypassCSP: true,
        });
        context.setDefaultTimeout(20_000);
        // the page's language is the cookie's (as the menu's switch sets it), whatever the account's
        await context.addCookies([{ name: 'lang', value: lang, url: server.url }]);
        const page = await context.newPage();
        const problems = watchProblems(page);
        const faults: string[] = [];
        const check = async (label: string, seen: number) => {
          faults.push(...(await pageFaults(page, label, lang, problems.slice(seen))));
          const page_ = label === '/' ? '-home' : label.replace(/[/?=&]+/g, '-');
          const name = `${lang}-${role}${label.startsWith('/') ? page_ : `-${page_}`}`;
          await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
        };
        try {
          await signIn(page, server.url, `${local}@demo.example.org`, PASSWORD);
          const menu = await page
            .locator('nav a[href^="/"]')
            .evaluateAll((as) =>
              as
                .map((a) => a.getAttribute('href')!)
                .filter((h) => !h.includes('lang=') && !h.startsWith('/signout')),
            );
          const pages = [...new Set(['/', ...menu, ...extra])];
          const details = new Set<RegExp>();
          for (let i = 0; i < pages.length; i++) {
            const path = pages[i]!;
            const seen = problems.length;
            const res = await page.goto(`${server.url}${path}`);
            expect(res?.status(), path).toBeLessThan(400);
            await page.waitForLoadState('networkidle');
            await check(path, seen);
            const links = await page
              .locator('main a[href^="/"]')
              .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
            for (const kind of DETAILS) {
              const href = links.find((h) => kind.test(h));
              if (href && !details.has(kind)) (details.add(kind), pages.push(href));
            }
          }
          for (const [name, step] of POSTS[role] ?? []) {
            const seen = problems.length;
            if (await step(page, lang)) await check(`post-${name}`, seen);
            else console.log(`${role} (${lang}): ${name}: nothing to act on, skipped`);
          }
          if (faults.length) console.log(`${role} (${lang}):\n${faults.join('\n')}`);
          expect(faults).toEqual([]);
        } finally {
          await context.close();
        }
      });
  it('signed out: each territory’s public directory fits, readable, no console error, no axe violation', async () => {
    const context = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      bypassCSP: true,
    });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const faults: string[] = [];
    try {
      await page.goto(`${server.url}/territories`);
      const pages = [
        '/territories',
        ...(await page
          .locator('main a[href^="/territories/"]')
          .evaluateAll((as) => as.map((a) => a.getAttribute('href')!))),
      ];
      expect(pages.length).toBe(3); // the demo's two territories publish their page
      for (const path of [...pages, `${pages[1]}?kind=association`]) {
        const seen = problems.length;
        const res = await page.goto(`${server.url}${path}`);
        expect(res?.status(), path).toBeLessThan(400);
        await page.waitForLoadState('networkidle');
        const over = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        if (over > 0) faults.push(`${path}: ${over} px too wide`);
        for (const s of await smallText(page)) faults.push(`${path}: small text ${s}`);
        for (const v of await axeViolations(page)) faults.push(`${path}: axe ${v}`);
        for (const p of problems.slice(seen)) faults.push(`${path}: ${p}`);
        const name = `public${path.replace(/[/?=&]+/g, '-')}`;
        await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
      }
      if (faults.length) console.log(`public:\n${faults.join('\n')}`);
      expect(faults).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('the checks see what they look for (they can fail)', async () => {
    const context = await browser.newContext({ viewport: PHONE, bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/signin`);
      expect(await smallText(page)).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      await page.evaluate(() => {
        document.querySelector('main')!.insertAdjacentHTML(
          'beforeend',
          `<p style="font-size:11px">trop petit</p>
           <div style="width:500px">trop large</div>
           <svg viewBox="0 0 640 100" width="320"><text x="0" y="50" font-size="20">réduit</text></svg>
           <input type="text" name="sans-nom">
           <p style="color:#bbb;background:#fff">pâle</p>`,
        );
      });
      const small = await smallText(page);
      expect(small.some((s) => s.includes('trop petit'))).toBe(true);
      expect(small.some((s) => s.startsWith('10.0px "réduit"'))).toBe(true);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeGreaterThan(0);
      const axe = (await axeViolations(page)).join(' ');
      expect(axe).toContain('label');
      expect(axe).toContain('color-contrast');
    } finally {
      await context.close();
    }
  });
});
