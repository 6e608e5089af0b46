import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
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
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { addDays, parisToday } from '../../src/shared/period.js';

// Issue 16: a shop fills a missing cost value, the association issues the receipt, on a phone.
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('receipts in Chromium at 390x844', () => {
  it('the shop fills the value, the association issues; the Cerfa page has its number', async () => {
    const db = server.db;
    const shop = await createOrgWithUser(db, 'shop', {
      name: 'Primeur des Pentes',
      siret: '73282932000074',
      siren: '732829320',
      legal_form: 'SARL',
    });
    const assoc = await createOrgWithUser(db, 'association', {
      name: 'Épicerie Solidaire Croix-Rousse',
      rna: 'W691234567',
      purpose: 'Aide alimentaire',
      approval_level: 'law',
      receipt_period: 'month', // a receipt covers one ended period: last month's
    });
    // a day of last month in Paris (the 1st of this month, less 3 days)
    const day = addDays(`${parisToday(new Date()).slice(0, 8)}01`, -3);
    const d = await createDonation(db, {
      shopId: shop.org.id,
      category: 'fruit_vegetables',
      description: 'Pommes abîmées',
      quantity_kg: 6,
      value_eur: null,
    });
    await markPickedUp(db, d.id, { associationId: assoc.org.id, at: `${day}T17:00:00+01:00` });
    const year = day.slice(0, 4);

    const sc = await phoneContext(browser);
    const sp = await sc.newPage();
    const sProblems = watchProblems(sp);
    await signIn(sp, server.url, shop.user.email, PASSWORD);
    await sp.goto(`${server.url}/receipts?year=${year}`);
    expect(await sp.locator(`tr[data-donation="${d.id}"]`).innerText()).toContain(
      'sans valeur, pas de reçu',
    );
    await sp.fill(`#f-value-${d.id}`, '7,20');
    await sp.click(`tr[data-donation="${d.id}"] button`);
    // the page after the POST (already at /receipts: waiting for the URL would not wait)
    await sp
      .locator(`tr[data-donation="${d.id}"]`, { hasNotText: 'sans valeur, pas de reçu' })
      .waitFor();
    expect(await horizontalOverflow(sp)).toBeLessThanOrEqual(0);
    expect(sProblems).toEqual([]);
    await sc.close();

    const ac = await phoneContext(browser);
    const ap = await ac.newPage();
    const aProblems = watchProblems(ap);
    await signIn(ap, server.url, assoc.user.email, PASSWORD);
    await ap.goto(`${server.url}/receipts?year=${year}`);
    // last month, the period of the pickup, among the ended ones offered
    const month = `${day.slice(0, 8)}01/${addDays(`${parisToday(new Date()).slice(0, 8)}01`, -1)}`;
    await ap.selectOption(`#receipt-${shop.org.id}-${assoc.org.id} .issue select`, month);
    await Promise.all([
      ap.waitForURL(/#issued/),
      ap.click(`#receipt-${shop.org.id}-${assoc.org.id} .issue form button`),
    ]);
    // the receipt's PDF link, on the list: on the screen, and it gives the PDF itself
    const listPdf = ap.locator('#issued a[href$="/pdf"]').first();
    expect(await listPdf.isVisible()).toBe(true);
    const box = (await listPdf.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await horizontalOverflow(ap)).toBeLessThanOrEqual(0);
    await screenshot(ap, 'receipts-issued-phone');
    const pdfUrl = new URL((await listPdf.getAttribute('href'))!, server.url).href;
    const pdf = await ap.request.get(pdfUrl);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await ap.click(`a:has-text("Reçu n° ${year}-0001")`);
    expect(await ap.locator('#number').innerText()).toBe(`${year}-0001`);
    expect(await ap.locator('#donor-siren').innerText()).toBe('732829320');
    expect(await ap.locator('#amount-words').innerText()).toBe('sept euros et vingt centimes');
    expect(await ap.locator('.cerfa').innerText()).not.toContain('à compléter');
    expect(await horizontalOverflow(ap)).toBeLessThanOrEqual(0);
    await screenshot(ap, 'receipt-cerfa-phone');
    // and the Cerfa page's own PDF link
    const cerfaPdf = ap.locator('a#pdf');
    expect(await cerfaPdf.isVisible()).toBe(true);
    const cbox = (await cerfaPdf.boundingBox())!;
    expect(cbox.x + cbox.width).toBeLessThanOrEqual(390);
    expect(await cerfaPdf.getAttribute('href')).toBe(new URL(pdfUrl).pathname);
    expect(aProblems).toEqual([]);
    await ac.close();
  });
});
