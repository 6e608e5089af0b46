import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seedDemo } from '../../src/demo/seed.js';
import {
  horizontalOverflow,
  launchBrowser,
  phoneContext,
  screenshot,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { Geocoder } from '../../src/places/geocoder.js';
import { startGeocoderServer, type GeocoderServer } from '../places/geocoder-server.js';

// Issue 2: in Debian's Chromium on a 390x844 screen, each role signs in and sees its home page.
const PASSWORD = 'demo-password-1';

let server: TestServer;
let browser: Browser;
let geo: GeocoderServer;
beforeAll(async () => {
  geo = await startGeocoderServer(); // plays the Géoplateforme: GEOCODER_URL points at it
  server = await startTestServer({ geocoder: new Geocoder({ url: geo.url }) });
  await seedDemo(server.db, { password: PASSWORD });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await geo?.close();
});

const roles = [
  {
    key: 'shop-manager',
    email: 'boulangerie@demo.example.org',
    name: 'Julien Morel',
    section: '.role-shop',
    org: 'Boulangerie du Gros Caillou',
    text: 'Publiez un invendu',
    link: '/donations',
  },
  {
    key: 'shop-member',
    email: 'vendeur@demo.example.org',
    name: 'Lucas Vendeur',
    section: '.role-shop',
    org: 'Supérette des Terreaux',
    text: 'Membre',
    link: '/donations',
  },
  {
    key: 'association-manager',
    email: 'epicerie@demo.example.org',
    name: 'Nadia Roux',
    section: '.role-association',
    org: 'L’Épi des Pentes',
    text: 'Responsable',
    link: '/feed',
  },
  {
    key: 'association-member',
    email: 'benevole@demo.example.org',
    name: 'Karim Bénévole',
    section: '.role-association',
    org: 'L’Épi des Pentes',
    text: 'Membre',
    link: '/feed',
  },
  {
    key: 'admin',
    email: 'admin@demo.example.org',
    name: 'Camille Admin',
    section: '.role-admin',
    org: null,
    text: 'administrateur de la plateforme',
    link: '/admin/organisations',
  },
  {
    key: 'producer-org',
    email: 'producteurs@demo.example.org',
    name: 'Pierre Verger',
    section: '.role-producer_org',
    org: 'Vergers des Monts du Lyonnais',
    text: 'retraits',
    link: '/withdrawals',
  },
  {
    key: 'territory',
    email: 'territoire@demo.example.org',
    name: 'Claire Dumas',
    section: '.role-territory',
    org: 'Projet alimentaire territorial',
    text: 'territoire',
    link: '/dashboard',
  },
];

describe('each role on a phone', () => {
  for (const role of roles) {
    it(`${role.key} signs in and sees its home page`, async () => {
      const context = await phoneContext(browser);
      const page = await context.newPage();
      const problems = watchProblems(page);
      try {
        await signIn(page, server.url, role.email, PASSWORD);
        expect(new URL(page.url()).pathname).toBe('/');
        await expect
          .poll(() => page.locator('h1#welcome').innerText())
          .toContain(`Bonjour ${role.name}`);
        const section = page.locator(role.section);
        expect(await section.isVisible()).toBe(true);
        expect(await section.innerText()).toContain(role.text);
        if (role.org) expect(await section.innerText()).toContain(role.org);
        expect(await page.locator(`nav a[href="${role.link}"]`).count()).toBe(1);
        // the stylesheet and htmx came from /static and work
        await page.waitForFunction(() => (window as any).htmx !== undefined);
        expect(await page.evaluate(() => getComputedStyle(document.body).margin)).not.toBe('8px');
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await screenshot(page, `home-${role.key}`);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('signing out leads back to the sign-in page', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    try {
      await signIn(page, server.url, 'boulangerie@demo.example.org', PASSWORD);
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/signin'),
        page
          .click('nav .nav-more summary')
          .then(() => page.click('form[action="/signout"] button')),
      ]);
      await page.goto(`${server.url}/`);
      expect(new URL(page.url()).pathname).toBe('/signin');
    } finally {
      await context.close();
    }
  });

  it('a wrong password shows a message on the sign-in page', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/signin`);
      await page.fill('input[name="email"]', 'primeur@demo.example.org');
      await page.fill('input[name="password"]', 'not-the-password');
      await page.click('form[action="/signin"] button[type="submit"]');
      await page.locator('#signin-error').waitFor();
      expect(await page.inputValue('input[name="email"]')).toBe('primeur@demo.example.org');
    } finally {
      await context.close();
    }
  });
});

describe('Content-Security-Policy in the browser', () => {
  // pages with htmx, its SSE extension, charts and the push script: nothing may be blocked
  const visits: [string, string[]][] = [
    [
      'boulangerie@demo.example.org',
      ['/', '/donations', '/donations/new', '/dashboard', '/receipts'],
    ],
    ['epicerie@demo.example.org', ['/', '/feed', '/notifications', '/withdrawals', '/quality']],
    ['admin@demo.example.org', ['/admin/organisations', '/admin/factors', '/dashboard']],
  ];
  for (const [email, paths] of visits)
    it(`${email.split('@')[0]}: no violation on ${paths.join(', ')}`, async () => {
      const context = await phoneContext(browser);
      // the page's own report, in case a console message is worded otherwise
      await context.addInitScript(() => {
        (window as any).__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          (window as any).__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
      });
      const page = await context.newPage();
      const problems = watchProblems(page);
      try {
        await signIn(page, server.url, email, PASSWORD);
        for (const path of paths) {
          const res = await page.goto(`${server.url}${path}`);
          expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
          await page.waitForFunction(() => (window as any).htmx !== undefined);
          // let htmx's first requests (fragments, SSE) go out; pages with SSE never become idle
          await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
          expect(await page.evaluate(() => (window as any).__cspViolations), path).toEqual([]);
        }
        expect(problems.filter((p) => p.startsWith('csp:') || /Content Security/.test(p))).toEqual(
          [],
        );
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
});

describe('a shop signs up through the real form', () => {
  it('sees its mistakes with its values kept, then lands on its home page', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await page.goto(`${server.url}/signup`);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.selectOption('select[name="kind"]', 'shop');
      await page.fill('input[name="orgName"]', 'Pâtisserie <b>Rouge</b> & Fils');
      // the address typed, a suggestion picked: never a coordinate
      await page.locator('input[name="address"]').pressSequentially('3 rue Hippolyte Flandrin');
      await page.getByLabel('3 Rue Hippolyte Flandrin 69001 Lyon').check();
      expect(await page.locator('input[name="lat"], input[name="lng"]').count()).toBe(0);
      await page.fill('input[name="yourName"]', 'Hélène Rouge');
      await page.fill('input[name="email"]', 'helene@patisserie-rouge.example.org');
      await page.fill('input[name="password"]', 'pain-au-chocolat-42');
      await page.fill('input[name="passwordConfirm"]', 'pain-au-chocolat-43');
      await screenshot(page, 'signup-filled');
      await page.click('form[action="/signup"] button[type="submit"]');
      // re-rendered with a message for the confirmation, the rest kept
      await page.getByText('Les deux mots de passe diffèrent').waitFor();
      expect(await page.inputValue('input[name="orgName"]')).toBe('Pâtisserie <b>Rouge</b> & Fils');
      expect(await page.getByLabel('3 Rue Hippolyte Flandrin 69001 Lyon').isChecked()).toBe(true);
      await screenshot(page, 'signup-errors');

      await page.fill('input[name="password"]', 'pain-au-chocolat-42');
      await page.fill('input[name="passwordConfirm"]', 'pain-au-chocolat-42');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/'),
        page.click('form[action="/signup"] button[type="submit"]'),
      ]);
      await expect
        .poll(() => page.locator('h1#welcome').innerText())
        .toContain('Bonjour Hélène Rouge');
      // the name is shown as text, never as markup
      expect(await page.locator('.role-shop').innerText()).toContain(
        'Pâtisserie <b>Rouge</b> & Fils',
      );
      expect(await page.locator('.role-shop b').count()).toBe(0);
      await screenshot(page, 'signup-home');

      const org = await server.db
        .selectFrom('organisations')
        .select(['kind', 'approved', 'lat', 'lng', 'postcode', 'citycode'])
        .where('name', '=', 'Pâtisserie <b>Rouge</b> & Fils')
        .executeTakeFirstOrThrow();
      expect(org).toEqual({
        kind: 'shop',
        approved: true,
        lat: 45.768302,
        lng: 4.829146,
        postcode: '69001',
        citycode: '69381',
      });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the server', () => {
  it('logged no unexpected error', () => {
    expect(server.errors.map((e) => e.msg)).toEqual([]);
  });
});
