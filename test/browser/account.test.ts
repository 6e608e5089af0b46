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
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { TestSmtpServer } from '../helpers/smtp-server.js';

// Issue 14 on a 390x844 phone in Chromium: the account page's e-mail change through the link of
// the mail a real SMTP server received; the invitation's share button.
let server: TestServer;
let browser: Browser;
const smtp = new TestSmtpServer();
let transports: MessageTransports;
let loop: MessageDeliveryLoop;

beforeAll(async () => {
  await smtp.start();
  server = await startTestServer({ config: { publicUrl: 'https://surplus.test' } });
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

describe('my account, on a phone', () => {
  it('changes the e-mail address through the link the new address received', async () => {
    const u = await createUser(server.db);
    const next = `new-${Date.now()}@example.org`;
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await signIn(page, server.url, u.email, PASSWORD);
      await page.goto(`${server.url}/account`);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.getByRole('link', { name: 'Notifications' }).waitFor();
      await page.fill('form[action="/account/email"] input[name="email"]', next);
      await Promise.all([
        page.waitForURL((url) => url.search.includes('saved=email')),
        page.click('form[action="/account/email"] button[type="submit"]'),
      ]);
      await page.locator('#email-pending').waitFor();
      await screenshot(page, 'account-email-pending');

      const mail = await smtp.waitFor(next);
      const link = /https:\/\/surplus\.test(\/email-confirmation\/[\w-]+)/.exec(mail?.text ?? '');
      expect(link).not.toBeNull();
      await page.goto(server.url + link![1]);
      await page.click('#confirm-form button[type="submit"]');
      await page.locator('#confirm-done').waitFor();
      await page.goto(`${server.url}/account`);
      await page.getByText(`Adresse actuelle : ${next}`).waitFor();
      expect(await page.locator('#email-pending').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the invitation link can be shared where the browser shares, and is hidden where it does not', async () => {
    const { org, user } = await createOrgWithUser(server.db, 'shop');
    const context = await phoneContext(browser);
    // a phone's share sheet, recorded
    await context.addInitScript(() => {
      (window as any).shared = [];
      (navigator as any).share = (data: unknown) => {
        (window as any).shared.push(data);
        return Promise.resolve();
      };
    });
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await signIn(page, server.url, user.email, PASSWORD);
      await page.goto(`${server.url}/organisations/${org.id}/members`);
      await page.fill('input[name="email"]', `invited-${Date.now()}@example.org`);
      await page.click(`form[action="/organisations/${org.id}/members"] button[type="submit"]`);
      await page.locator('#invitation').waitFor();
      const url = await page.inputValue('#invitation-url');
      expect(url).toMatch(/^https:\/\/surplus\.test\/invitations\/[\w-]+$/);
      const share = page.locator('#invitation-actions button[data-share]');
      await share.waitFor({ state: 'visible' });
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'members-invitation-share');
      await share.click();
      const shared = await page.evaluate(() => (window as any).shared);
      expect(shared).toHaveLength(1);
      expect(shared[0].url).toBe(url);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }

    // without navigator.share the button stays hidden; the link is still there to copy
    const plain = await phoneContext(browser);
    await plain.addInitScript(() => {
      delete (Navigator.prototype as any).share;
    });
    const p2 = await plain.newPage();
    try {
      await signIn(p2, server.url, user.email, PASSWORD);
      await p2.goto(`${server.url}/organisations/${org.id}/members`);
      await p2.fill('input[name="email"]', `other-${Date.now()}@example.org`);
      await p2.click(`form[action="/organisations/${org.id}/members"] button[type="submit"]`);
      await p2.locator('#invitation').waitFor();
      expect(await p2.evaluate(() => typeof navigator.share)).toBe('undefined');
      expect(await p2.locator('#invitation-actions button[data-share]').count()).toBe(0);
      expect(await p2.inputValue('#invitation-url')).toMatch(/\/invitations\//);
    } finally {
      await plain.close();
    }
  });
});
