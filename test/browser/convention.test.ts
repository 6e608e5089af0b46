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

// Issue 16: a shop over 400 m² and an association conclude a donation agreement, on a phone.
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

describe('a donation agreement in Chromium at 390x844', () => {
  it('the shop proposes it from its duty list, the association accepts it online', async () => {
    const db = server.db;
    const shop = await createOrgWithUser(db, 'shop', {
      name: 'Supermarché des Pentes',
      siret: '73282932000074',
      siren: '732829320',
      legal_form: 'SAS',
      sales_area_m2: 1500,
    });
    const assoc = await createOrgWithUser(db, 'association', {
      name: 'Épicerie Solidaire Croix-Rousse',
      rna: 'W691234567',
      approval_level: 'law',
    });
    const d = await createDonation(db, { shopId: shop.org.id });
    await markPickedUp(db, d.id, {
      associationId: assoc.org.id,
      at: new Date(Date.now() - 3 * 86_400_000),
    });

    const sc = await phoneContext(browser);
    const sp = await sc.newPage();
    const sProblems = watchProblems(sp);
    await signIn(sp, server.url, shop.user.email, PASSWORD);
    expect(await sp.locator('#home-conventions').innerText()).toContain('sans convention de don');
    await sp.click('#home-conventions a[href="/conventions"]');
    await sp.click(`#missing-${assoc.org.id} a:has-text("Proposer une convention")`);
    await sp.check('input[name="categories"][value="bakery"]');
    await sp.check('input[name="categories"][value="dairy"]');
    await sp.fill('#f-pickupArrangements', 'Le mardi et le vendredi à 19 h, porte de la réserve.');
    await sp.fill('#f-qualityContact', 'Chef de rayon frais');
    expect(await horizontalOverflow(sp)).toBeLessThanOrEqual(0);
    await Promise.all([sp.waitForURL(/done=proposed/), sp.click('#convention-form button')]);
    expect(await sp.locator('#state').innerText()).toBe('en attente d’acceptation');
    const id = new URL(sp.url()).pathname.split('/').pop();
    expect(sProblems).toEqual([]);

    const ac = await phoneContext(browser);
    const ap = await ac.newPage();
    const aProblems = watchProblems(ap);
    await signIn(ap, server.url, assoc.user.email, PASSWORD);
    expect(await ap.locator('#home-conventions').innerText()).toContain('attend votre réponse');
    await ap.goto(`${server.url}/conventions`);
    await ap.click(`#to-answer a[href="/conventions/${id}"]`);
    expect(await ap.locator('#art-donor').innerText()).toContain('73282932000074');
    expect(await ap.locator('#art-pickup').innerText()).toContain('porte de la réserve');
    expect(await horizontalOverflow(ap)).toBeLessThanOrEqual(0);
    await Promise.all([ap.waitForURL(/done=accepted/), ap.click('#accept')]);
    expect(await ap.locator('#state').innerText()).toBe('en vigueur');
    expect(await ap.locator('#art-acceptance').innerText()).toContain(assoc.user.name);
    // printed, the page keeps the agreement and drops the buttons and forms
    await ap.emulateMedia({ media: 'print' });
    expect(await ap.locator('#actions').isVisible()).toBe(false);
    expect(await ap.locator('#convention').isVisible()).toBe(true);
    await ap.emulateMedia({ media: 'screen' });
    await screenshot(ap, 'convention-accepted-phone');
    expect(aProblems).toEqual([]);
    await ac.close();

    await sp.goto(`${server.url}/conventions`);
    expect(await sp.locator('#duty-covered').isVisible()).toBe(true);
    expect(await sp.locator(`#active #convention-${id}`).isVisible()).toBe(true);
    expect(sProblems).toEqual([]);
    await sc.close();
    expect(server.errors).toEqual([]);
  });
});
