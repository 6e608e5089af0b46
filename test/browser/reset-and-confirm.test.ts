import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { MessageDeliveryLoop } from '../../src/mail/delivery-loop.js';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import {
  horizontalOverflow,
  launchBrowser,
  phoneContext,
  screenshot,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { TestSmtpServer } from '../helpers/smtp-server.js';

// Issues 14 and 15 on a 390x844 phone in Chromium: a forgotten password reset from the mail a
// real SMTP server received; the shop's edit page and the confirmation asked before a cancel.
let server: TestServer;
let browser: Browser;
const smtp = new TestSmtpServer();
let transports: MessageTransports;
let loop: MessageDeliveryLoop;
const NEW_PASSWORD = 'Girafe-pensive-sous-la-pluie-42';

beforeAll(async () => {
  await smtp.start();
  server = await startTestServer({
    config: { publicUrl: 'https://surplus.test' },
  });
  transports = smtp.transports();
  loop = new MessageDeliveryLoop(() => drainMessages(server.db, transports, () => new Date()), {
    pollMs: 200,
  }).start();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loop?.stop();
  await transports?.mail.close?.();
  await smtp.stop();
  await server?.close();
});

describe('a forgotten password, on a phone', () => {
  it('asks from the sign-in page, opens the link of the received mail, and signs in with the new one', async () => {
    const u = await createUser(server.db);
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await page.goto(`${server.url}/signin`);
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/password-reset'),
        page.getByText('Mot de passe oublié ?').click(),
      ]);
      await page.fill('input[name="email"]', u.email);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.click('form[action="/password-reset"] button[type="submit"]');
      await page.getByText('Si un compte utilise cette adresse').waitFor();

      const mail = await smtp.waitFor(u.email);
      const link = /https:\/\/surplus\.test(\/password-reset\/[\w-]+)/.exec(mail?.text ?? '');
      expect(link).not.toBeNull();
      await page.goto(server.url + link![1]);
      await page.fill('input[name="password"]', NEW_PASSWORD);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'password-reset-choose');
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/signin'),
        page.click('form[action^="/password-reset/"] button[type="submit"]'),
      ]);
      await page.getByText('Votre mot de passe est changé').waitFor();

      // the link served once
      await page.goto(server.url + link![1]);
      await page.locator('#reset-invalid').waitFor();

      await signIn(page, server.url, u.email, NEW_PASSWORD);
      expect(new URL(page.url()).pathname).not.toBe('/signin');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the shop changes, then cancels, a donation, on a phone', () => {
  it('edits the kg on a page that fits, and a cancel asks first', async () => {
    const shop = await createOrgWithUser(server.db, 'shop', { lat: 45.7676, lng: 4.8344 });
    // tomorrow 10:00 to 13:00 in Paris (winter time): a window the form can show whatever the hour
    const tomorrow = new Date(Date.now() + 24 * 3_600_000).toISOString().slice(0, 10);
    const d = await createDonation(server.db, {
      shopId: shop.org.id,
      quantity_kg: 5,
      pickup_from: new Date(`${tomorrow}T09:00:00Z`),
      pickup_until: new Date(`${tomorrow}T12:00:00Z`),
    });
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await signIn(page, server.url, shop.user.email, PASSWORD);
      await page.goto(`${server.url}/donations/${d.id}`);
      await Promise.all([
        page.waitForURL((url) => url.pathname.endsWith('/edit')),
        page.click(`a[href="/donations/${d.id}/edit"]`),
      ]);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.fill('input[name="quantityKg"]', '7');
      await screenshot(page, 'donation-edit');
      await Promise.all([
        page.waitForURL((url) => url.pathname === `/donations/${d.id}`),
        page.click(`form[action="/donations/${d.id}/edit"] button[type="submit"]`),
      ]);
      const kg = await server.db
        .selectFrom('donations')
        .select(['quantity_kg', 'status'])
        .where('id', '=', d.id)
        .executeTakeFirstOrThrow();
      expect(Number(kg.quantity_kg)).toBe(7);

      await Promise.all([
        page.waitForURL((url) => url.pathname.endsWith('/cancel')),
        page.click(`a[href="/donations/${d.id}/cancel"]`),
      ]);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'donation-cancel-confirm');
      // nothing cancelled by opening the page
      expect(
        (
          await server.db
            .selectFrom('donations')
            .select('status')
            .where('id', '=', d.id)
            .executeTakeFirstOrThrow()
        ).status,
      ).toBe('open');
      await Promise.all([
        page.waitForURL((url) => url.pathname === `/donations/${d.id}`),
        page.click('#confirm-form button[type="submit"]'),
      ]);
      const after = await server.db
        .selectFrom('donations')
        .select('status')
        .where('id', '=', d.id)
        .executeTakeFirstOrThrow();
      expect(after.status).toBe('cancelled');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
