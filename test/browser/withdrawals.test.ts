import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parisToday } from '../../src/withdrawals/rates.js';
import {
  horizontalOverflow,
  launchBrowser,
  phoneContext,
  screenshot,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { createProducerOrg } from '../helpers/withdrawal-factories.js';

// Issue 6: on a 390x844 phone, a producer organisation records a withdrawal and the association
// it went to confirms receipt; both then see the compensation it earned.
let server: TestServer;
let browser: Browser;
let po: Awaited<ReturnType<typeof createProducerOrg>>;
let assoc: Awaited<ReturnType<typeof createOrgWithUser>>;

beforeAll(async () => {
  server = await startTestServer(); // the real clock: the campaign is this year
  const year = Number(parisToday(new Date()).slice(0, 4));
  po = await createProducerOrg(server.db, {
    year,
    marketedKg: 50_000,
    overrides: { name: 'Vergers des Monts' },
  });
  assoc = await createOrgWithUser(server.db, 'association', { name: 'Épicerie des Pentes' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('withdrawal on a phone', () => {
  it('the PO records an operation, the association confirms it, both see the compensation', async () => {
    const poContext = await phoneContext(browser);
    const assocContext = await phoneContext(browser);
    try {
      const page = await poContext.newPage();
      const problems = watchProblems(page);
      await signIn(page, server.url, po.user.email, PASSWORD);
      await page.click('nav a[href="/withdrawals"]');
      await page.waitForURL((u) => u.pathname === '/withdrawals');
      expect(await page.locator('#ceiling').innerText()).toContain('2\u202f500 kg'); // 5 % of 50 t
      await page.selectOption('#f-product', 'carrots');
      await page.fill('#f-quantityKg', '250');
      await page.selectOption('#f-associationId', String(assoc.org.id));
      await page.fill('#f-certificateNumber', 'RC-TEL-001');
      // FranceAgriMer was told two days before the operation's day (the form's date: today)
      const day = await page.inputValue('#f-date');
      const told = new Date(`${day}T12:00:00Z`);
      told.setUTCDate(told.getUTCDate() - 2);
      await page.fill('#f-notifiedAt', `${told.toISOString().slice(0, 10)}T09:00`);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await Promise.all([
        page.waitForURL((u) => u.searchParams.get('recorded') === '1'),
        page.click('#record-form button[type="submit"]'),
      ]);
      expect(await page.locator('[role="status"]').first().innerText()).toContain(
        'Retrait enregistré',
      );
      expect(await page.locator('#operations').innerText()).toContain('Réception à confirmer');
      expect(await page.locator('#ceiling').innerText()).toContain(
        'Reste sous le plafond : 2\u202f250 kg',
      );
      await screenshot(page, 'withdrawals-po-recorded');
      const id = await server.db
        .selectFrom('withdrawals')
        .select('id')
        .where('producer_org_id', '=', po.org.id)
        .executeTakeFirstOrThrow();

      const a = await assocContext.newPage();
      const aProblems = watchProblems(a);
      await signIn(a, server.url, assoc.user.email, PASSWORD);
      // an association's menu has it behind "Plus", named so that it is not read as pickups
      await a.click('nav .nav-more summary');
      expect(await a.locator('nav a[href="/withdrawals"]').innerText()).toBe(
        'Retraits du marché (UE)',
      );
      await a.click('nav a[href="/withdrawals"]');
      await a.waitForURL((u) => u.pathname === '/withdrawals');
      const offer = a.locator(`#withdrawal-${id.id}`);
      expect(await offer.innerText()).toContain('Vergers des Monts');
      expect(await horizontalOverflow(a)).toBeLessThanOrEqual(0);
      await screenshot(a, 'withdrawals-association-offer');
      await offer.locator(`#f-receivedKg-${id.id}`).fill('240');
      await Promise.all([
        a.waitForURL((u) => u.searchParams.get('answered') === '1'),
        offer.locator('button', { hasText: 'Confirmer la réception' }).click(),
      ]);
      const confirmed = await a.locator(`#withdrawal-${id.id}`).innerText();
      expect(confirmed).toContain('Reçu');
      expect(confirmed).toContain('30,74 €'); // 2.40 x 12.81 = 30.744
      await screenshot(a, 'withdrawals-association-confirmed');

      await page.reload();
      expect(await page.locator('#totals').innerText()).toContain('240 kg, 30,74 €');
      const popup = await Promise.all([
        page.waitForURL((u) => u.pathname.endsWith('/attestation')),
        page.click(`#withdrawal-${id.id} a[href$="/attestation"]`),
      ]);
      expect(popup).toBeTruthy();
      expect(await page.locator('article.attestation').innerText()).toContain('RC-TEL-001');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect([...problems, ...aProblems]).toEqual([]);
      expect(server.errors).toEqual([]);
    } finally {
      await poContext.close();
      await assocContext.close();
    }
  });
});
