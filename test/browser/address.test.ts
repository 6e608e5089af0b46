import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Geocoder } from '../../src/places/geocoder.js';
import {
  horizontalOverflow,
  launchBrowser,
  phoneContext,
  screenshot,
  watchProblems,
} from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startGeocoderServer, type GeocoderServer } from '../places/geocoder-server.js';

// Issue 13, on a 390x844 phone in Chromium: a shop signs up by typing its address and picking a
// suggestion, an association with "Je suis sur place"; neither ever sees a coordinate field.
// The server asks a local server playing the Géoplateforme (GEOCODER_URL points at it).
let server: TestServer;
let browser: Browser;
let geo: GeocoderServer;
beforeAll(async () => {
  geo = await startGeocoderServer();
  server = await startTestServer({ geocoder: new Geocoder({ url: geo.url }) });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await geo?.close();
});

/** No latitude or longitude field anywhere on the page, visible or not. */
async function noCoordinateField(page: Page) {
  expect(await page.locator('input[name="lat"], input[name="lng"]').count()).toBe(0);
  expect(await page.getByText('Latitude').count()).toBe(0);
}

async function fillAccount(page: Page, org: string, who: string, email: string) {
  await page.fill('input[name="orgName"]', org);
  await page.fill('input[name="yourName"]', who);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', 'pain-de-campagne-77');
  await page.fill('input[name="passwordConfirm"]', 'pain-de-campagne-77');
}

const stored = (name: string) =>
  server.db
    .selectFrom('organisations')
    .select(['kind', 'lat', 'lng', 'citycode', 'postcode', 'town', 'address', 'address_label'])
    .where('name', '=', name)
    .executeTakeFirstOrThrow();

describe('signing up with an address, on a phone', () => {
  it('a shop types its address, picks a suggestion, and is placed', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await page.goto(`${server.url}/signup`);
      await page.waitForFunction(() => (window as any).htmx !== undefined);
      await page.selectOption('select[name="kind"]', 'shop');
      await noCoordinateField(page);
      const asked = geo.requests.length;
      await page
        .locator('input[name="address"]')
        .pressSequentially('20 place bellecour', { delay: 40 });
      const choice = page.getByLabel('20 Place Bellecour 69002 Lyon');
      await choice.waitFor();
      // the server asked the service, the browser never did
      expect(geo.requests.length).toBeGreaterThan(asked);
      expect(geo.requests.at(-1)!.params.get('autocomplete')).toBe('1');
      await choice.check();
      await noCoordinateField(page);
      await fillAccount(
        page,
        'Boulangerie Bellecour',
        'Paul Fournil',
        'paul@bellecour.example.org',
      );
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'signup-address-picked');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/'),
        page.click('form[action="/signup"] button[type="submit"]'),
      ]);
      await expect
        .poll(() => page.locator('h1#welcome').innerText())
        .toContain('Bonjour Paul Fournil');
      expect(await stored('Boulangerie Bellecour')).toEqual({
        kind: 'shop',
        lat: 45.757814,
        lng: 4.832011,
        citycode: '69382',
        postcode: '69002',
        town: 'Lyon',
        address: '20 Place Bellecour',
        address_label: '20 Place Bellecour 69002 Lyon',
      });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an association uses "Je suis sur place": the position is named by the server', async () => {
    const context = await phoneContext(browser);
    // Chromium's geolocation override: the phone stands in rue Hrant Dink, Lyon 2e
    await context.grantPermissions(['geolocation'], { origin: server.url });
    await context.setGeolocation({ latitude: 45.74855, longitude: 4.82619, accuracy: 10 });
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await page.goto(`${server.url}/signup?kind=association`);
      await page.waitForFunction(() => (window as any).htmx !== undefined);
      expect(await page.inputValue('select[name="kind"]')).toBe('association');
      await noCoordinateField(page);
      const here = page.getByRole('button', { name: 'Je suis sur place' });
      await here.waitFor(); // shown by static/address.js where the browser can locate
      await here.click();
      const choice = page.getByLabel('8 Rue Hrant Dink 69002 Lyon');
      await choice.waitFor();
      expect(await choice.isChecked()).toBe(true);
      expect(await page.inputValue('input[name="address"]')).toBe('8 Rue Hrant Dink 69002 Lyon');
      expect(geo.requests.at(-1)!.path).toBe('/geocodage/reverse');
      await noCoordinateField(page);
      await fillAccount(
        page,
        'Épicerie solidaire Guillotière',
        'Awa Diallo',
        'awa@epi.example.org',
      );
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'signup-here');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/'),
        page.click('form[action="/signup"] button[type="submit"]'),
      ]);
      await page.getByText('attend la validation').waitFor();
      expect(await stored('Épicerie solidaire Guillotière')).toMatchObject({
        kind: 'association',
        lat: 45.748518,
        lng: 4.826143,
        citycode: '69382',
        address_label: '8 Rue Hrant Dink 69002 Lyon',
      });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the position out of France: a message by the field, the address can still be typed', async () => {
    const context = await phoneContext(browser);
    await context.grantPermissions(['geolocation'], { origin: server.url });
    await context.setGeolocation({ latitude: 40.7128, longitude: -74.006 });
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await page.goto(`${server.url}/signup`);
      await page.getByRole('button', { name: 'Je suis sur place' }).click();
      await page.getByText('aucune adresse en France').waitFor();
      await noCoordinateField(page);
      await page.locator('input[name="address"]').pressSequentially('hrant dink', { delay: 40 });
      await page.getByLabel('8 Rue Hrant Dink 69002 Lyon').waitFor();
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
