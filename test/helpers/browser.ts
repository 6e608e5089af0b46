import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); never a downloaded one. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const PHONE = { width: 390, height: 844 };
export const SCREENSHOTS = 'test-results/browser';

export const ARGS = [
  '--headless',
  '--no-sandbox', // we run as root in CI
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Playwright's launch() gives each browser a fresh temporary profile (user-data dir). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60_000 });
}

/**
 * A phone-sized context (390x844, touch), French first like our users. `bypassCSP` lets a test
 * inject axe-core as an inline script (test/helpers/page-checks.ts), which the site's CSP refuses.
 */
export async function phoneContext(
  browser: Browser,
  opts: { locale?: string; bypassCSP?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: opts.locale ?? 'fr-FR',
    timezoneId: 'Europe/Paris',
    bypassCSP: opts.bypassCSP ?? false,
  });
  context.setDefaultTimeout(20_000);
  return context;
}

/** Collects what a page reports as broken: script errors, failed requests, console errors. */
export function watchProblems(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // failed loads are reported below with their address
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      problems.push(`console: ${m.text()}`);
    // a blocked script, style or eval is reported as an error, a report-only one as a warning
    else if (m.text().includes('Content Security Policy')) problems.push(`csp: ${m.text()}`);
  });
  page.on('response', (r) => {
    // a 4xx page is an answer (422 form, 401 sign-in); a missing stylesheet or script is a fault
    const sub = r.request().resourceType() !== 'document';
    if (r.status() >= 500 || (sub && r.status() >= 400))
      problems.push(`${r.status()} ${r.request().resourceType()} ${r.url()}`);
  });
  page.on('requestfailed', (r) =>
    problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`),
  );
  return problems;
}

/** Signs in through the real form and waits for the page after it. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/signin`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/signin')),
    page.click('form[action="/signin"] button[type="submit"]'),
  ]);
}

/** Horizontal overflow is the usual way a page breaks on a phone. */
export async function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
