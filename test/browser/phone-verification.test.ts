import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { brevoSmsTransport } from '../../src/mail/brevo.js';
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
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { FakeBrevo, TestSmtpServer } from '../helpers/smtp-server.js';

// Issue 14 on a 390x844 phone in Chromium: the account page's phone part. A number is saved, the
// code goes by SMS through Brevo's API (a local server playing it), a wrong code says the tries
// left next to the field, the right one verifies the number, and only then SMS can be chosen for
// a kind of message.
let server: TestServer;
let browser: Browser;
const smtp = new TestSmtpServer();
const brevo = new FakeBrevo();
let transports: MessageTransports;
let loop: MessageDeliveryLoop;

beforeAll(async () => {
  await smtp.start();
  await brevo.start();
  server = await startTestServer({ config: { publicUrl: 'https://surplus.test' } });
  transports = smtp.transports({
    sms: brevoSmsTransport({ apiKey: brevo.apiKey, baseUrl: brevo.url }),
  });
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
  await brevo.stop();
  await server?.close();
});

/** The code Brevo was asked to send to `recipient` (digits, no +), once it has arrived. */
async function smsCode(recipient: string) {
  let code: string | undefined;
  await expect
    .poll(
      () => {
        const sms = brevo.sms.filter((s) => s.recipient === recipient).at(-1);
        code = /\b(\d{6})\b/.exec(sms?.content ?? '')?.[1];
        return code;
      },
      { timeout: 15_000 },
    )
    .toMatch(/^\d{6}$/);
  return code!;
}

/** Submits the form of `action` and waits for the server's answer (the caller waits for what it shows). */
async function submit(page: Page, action: string) {
  await Promise.all([
    // the URL asked for has no anchor (#phone-code stays in the browser)
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith(action.split('#')[0]),
    ),
    page.click(`form[action="${action}"] button[type="submit"]`),
  ]);
}

describe('verifying my phone number, on a phone', () => {
  it('a code by SMS, a wrong one says the tries left by the field, the right one verifies; then SMS can be chosen', async () => {
    const { user } = await createOrgWithUser(server.db, 'association', {}, 'member');
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await signIn(page, server.url, user.email, PASSWORD);
      // before: no SMS among the channels, and the page says why
      await page.goto(`${server.url}/account/notifications`);
      await page.locator('#kind-donation_alert').waitFor();
      expect(await page.locator('input[name="c_donation_alert"][value="sms"]').count()).toBe(0);

      await page.goto(`${server.url}/account`);
      await page.fill('form[action="/account/phone"] input[name="phone"]', '06 12 34 56 78');
      await submit(page, '/account/phone');
      await page.locator('#phone-unverified').waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await submit(page, '/account/phone/code');
      await page.locator('#phone-code-sent').waitFor();
      const code = await smsCode('33612345678');

      const field = page.locator('#f-code');
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      await field.fill(wrong);
      await submit(page, '/account/phone/verification#phone-code');
      const error = page.locator('#f-code-err');
      await error.waitFor();
      expect(await error.textContent()).toBe('Code incorrect : il vous reste 4 essais.');
      // next to the field: right under it, and read with it by a screen reader
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await field.getAttribute('aria-describedby')).toContain('f-code-err');
      const input = (await field.boundingBox())!;
      const said = (await error.boundingBox())!;
      expect(said.y).toBeGreaterThanOrEqual(input.y + input.height - 1);
      expect(said.y - (input.y + input.height)).toBeLessThan(40);
      expect(said.x + said.width).toBeLessThanOrEqual(390);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      // the answer lands on the form (its anchor, no script): the field and its message in the
      // 844 px of the screen, not below the fold
      expect(page.url()).toMatch(/#phone-code$/);
      const box = (await field.boundingBox())!; // relative to the viewport
      expect(box.y).toBeGreaterThanOrEqual(0);
      const seen = (await error.boundingBox())!; // relative to the viewport
      expect(seen.y).toBeGreaterThanOrEqual(0);
      expect(seen.y + seen.height).toBeLessThanOrEqual(844);
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      await screenshot(page, 'account-phone-wrong-code');

      await field.fill(`${code.slice(0, 3)} ${code.slice(3)}`);
      await submit(page, '/account/phone/verification#phone-code');
      await page.locator('#phone-verified').waitFor();
      expect(await page.locator('#notice').textContent()).toContain('Numéro vérifié');
      expect(await page.locator('#f-code').count()).toBe(0);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'account-phone-verified');

      // now SMS is a channel of each kind of message, and the choice is kept
      await page.goto(`${server.url}/account/notifications`);
      const sms = page.locator('input[name="c_donation_alert"][value="sms"]');
      await sms.check();
      await submit(page, '/account/notifications');
      await page.locator('#choices-saved').waitFor();
      expect(await page.locator('input[name="c_donation_alert"][value="sms"]').isChecked()).toBe(
        true,
      );
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(problems).toEqual([]);
      expect(server.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
