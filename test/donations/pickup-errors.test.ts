import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

// Issue 17: a refused handover opens on the field at fault, at the top of the page (on a phone
// the form was below the donation's facts, out of sight after the reload).
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

async function claimedDonation() {
  const { app } = buildApp(t.db);
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng: 4.8344 });
  const assoc = await createOrgWithUser(t.db, 'association', { lat: 45.77, lng: 4.84 });
  const shopApi = await apiAs(app, shop.user.email, PASSWORD);
  const start = Date.parse('2026-11-27T08:00:00Z');
  const posted = await shopApi.post('/donations', {
    category: 'bakery',
    description: '12 baguettes',
    quantityKg: 3,
    storage: 'ambient',
    pickupFrom: new Date(start).toISOString(),
    pickupUntil: new Date(start + 4 * 3_600_000).toISOString(),
  });
  expect(posted.status).toBe(201);
  const id = posted.body.id as number;
  const driver = await signedIn(app, assoc.user.email);
  const claim = await driver.post(`/donations/${id}/claim`, {});
  expect(claim.status).toBe(303);
  const code = (await shopApi.get(`/donations/${id}`)).body.handoverCode as string;
  return { id, code, driver };
}

/** The HTML before the donation's facts: what a phone shows first. */
const aboveFacts = (html: string) => html.slice(0, html.indexOf('<dl class="facts">'));

describe('a refused handover shows its message at the top, on the field', () => {
  it('a wrong code: the form first, the code field focused with its message, a summary linking to it', async () => {
    const { id, driver } = await claimedDonation();
    const res = await driver.post(`/donations/${id}/pickup`, {
      handoverCode: '000000',
      receivedKg: '3',
      quality: 'good',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    const top = aboveFacts(html);
    expect(top).toContain('id="pickup-form"');
    expect(top).toMatch(/<input id="f-handoverCode"[^>]*autofocus/);
    expect(top).toContain('id="f-handoverCode-err"');
    expect(top).toMatch(/id="pickup-errors"[\s\S]*href="#f-handoverCode"/);
    // one form only, and the weight typed is kept
    expect(html.match(/id="pickup-form"/g)).toHaveLength(1);
    expect(top).toMatch(/name="receivedKg"[^>]*value="3"/);
  });

  it('a bad weight: the weight field gets the focus', async () => {
    const { id, code, driver } = await claimedDonation();
    const res = await driver.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: 'beaucoup',
      quality: 'good',
    });
    expect(res.status).toBe(422);
    const top = aboveFacts(await res.text());
    expect(top).toMatch(/<input id="f-receivedKg"[^>]*autofocus/);
    expect(top).not.toMatch(/<input id="f-handoverCode"[^>]*autofocus/);
    expect(top).toContain('id="f-receivedKg-err"');
  });

  it('without an error the page keeps its order: the facts, then the form', async () => {
    const { id, driver } = await claimedDonation();
    const html = await (await driver.get(`/donations/${id}`)).text();
    expect(aboveFacts(html)).not.toContain('id="pickup-form"');
    expect(html).toContain('id="pickup-form"');
    expect(html).not.toContain('autofocus');
  });
});
