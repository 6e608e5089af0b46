import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

// typed in a browser's textarea: its line ends come as CRLF
const NOTES = 'Cour arrière, porte verte\r\nDemandez Paul';

/** A shop and two associations around it, each signed in on the site and on the API. */
async function world() {
  const { app } = strictApp(t.db);
  const shop = await createOrgWithUser(t.db, 'shop', { name: 'Boulangerie du Plateau' });
  const a = await createOrgWithUser(t.db, 'association', {}, 'member');
  const b = await createOrgWithUser(t.db, 'association');
  const browser = async (email: string) => {
    const c = new Client(app);
    await c.signIn(email, PASSWORD);
    return c;
  };
  const d = await createDonation(t.db, {
    shopId: shop.org.id,
    pickup_from: '2026-11-27T09:00:00+01:00',
    pickup_until: '2026-11-27T12:00:00+01:00',
  });
  return {
    app,
    d,
    shop,
    a,
    b,
    shopWeb: await browser(shop.user.email),
    aWeb: await browser(a.user.email),
    bWeb: await browser(b.user.email),
    shopApi: await apiAs(app, shop.user.email, PASSWORD),
    aApi: await apiAs(app, a.user.email, PASSWORD),
  };
}

const page = async (c: Client, path: string) => {
  const res = await c.get(path);
  return { status: res.status, html: await res.text() };
};

describe('the shop says how to get there; the driver gives a phone', () => {
  it('the profile form keeps the way in and the pickup phone (E.164), refuses a wrong phone', async () => {
    const w = await world();
    const form = {
      profileForm: 'shop',
      name: 'Boulangerie du Plateau',
      lat: '45.7676',
      lng: '4.8344',
      accessNotes: NOTES,
      pickupPhone: '06 12 34 56 78',
    };
    const bad = await w.shopWeb.post(`/organisations/${w.shop.org.id}`, {
      ...form,
      pickupPhone: '12 34',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Saisissez un numéro français');
    const kept = await t.db
      .selectFrom('organisations')
      .select(['access_notes', 'pickup_phone'])
      .where('id', '=', w.shop.org.id)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ access_notes: null, pickup_phone: null }); // nothing saved half-way

    expect((await w.shopWeb.post(`/organisations/${w.shop.org.id}`, form)).status).toBe(303);
    const saved = await t.db
      .selectFrom('organisations')
      .select(['access_notes', 'pickup_phone'])
      .where('id', '=', w.shop.org.id)
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ access_notes: NOTES, pickup_phone: '+33612345678' });
    const profile = await page(w.shopWeb, `/organisations/${w.shop.org.id}`);
    expect(profile.html).toContain('Cour arrière, porte verte');
    expect(profile.html).toContain('value="06 12 34 56 78"');
  });

  it('the account page keeps the driver’s phone, refuses a wrong one with a field message', async () => {
    const w = await world();
    const signedOut = await new Client(w.app).post('/account/phone', { phone: '0612345678' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toMatch(/^\/signin/);
    // international numbers are a person's phone too (test/accounts/email-change); not this one
    const bad = await w.aWeb.post('/account/phone', { phone: '+33 6 98 76' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Saisissez un numéro valable');
    expect((await w.aWeb.post('/account/phone', { phone: '+33 6 98 76 54 32' })).status).toBe(303);
    const u = await t.db
      .selectFrom('users')
      .select('phone')
      .where('id', '=', w.a.user.id)
      .executeTakeFirstOrThrow();
    expect(u.phone).toBe('+33698765432');
    expect((await page(w.aWeb, '/account?saved=phone')).html).toContain('value="06 98 76 54 32"');
    expect((await w.aWeb.post('/account/phone', { phone: '' })).status).toBe(303);
    const cleared = await t.db
      .selectFrom('users')
      .select('phone')
      .where('id', '=', w.a.user.id)
      .executeTakeFirstOrThrow();
    expect(cleared.phone).toBeNull();
  });

  it('the donation page and the API show them to the claim holder and the shop, not after release', async () => {
    const w = await world();
    await t.db
      .updateTable('organisations')
      .set({ access_notes: NOTES, pickup_phone: '+33478001101' })
      .where('id', '=', w.shop.org.id)
      .execute();
    await t.db
      .updateTable('users')
      .set({ phone: '+33612345678' })
      .where('id', '=', w.a.user.id)
      .execute();
    const url = `/donations/${w.d.id}`;

    // open: a candidate association sees the shop and the directions, not its way in
    const before = await page(w.aWeb, url);
    expect(before.html).toContain('Itinéraire');
    expect(before.html).not.toContain('Cour arrière');
    expect((await w.aApi.get(url)).body).not.toHaveProperty('shopContact');

    expect((await w.aWeb.post(`${url}/claim`)).status).toBe(303);
    const claimer = await page(w.aWeb, url);
    expect(claimer.html).toContain('Cour arrière, porte verte<br/>Demandez Paul');
    expect(claimer.html).toContain('href="tel:+33478001101"');
    expect(claimer.html).toContain('04 78 00 11 01');
    expect(claimer.html).toContain('Itinéraire');
    const shopView = await page(w.shopWeb, url);
    expect(shopView.html).toContain(w.a.user.name);
    expect(shopView.html).toContain('href="tel:+33612345678"');
    // the other association does not see the donation at all once it is taken
    expect((await page(w.bWeb, url)).status).toBe(404);

    const asClaimer = await w.aApi.get(url);
    expect(asClaimer.body.shopContact).toEqual({ accessNotes: NOTES, pickupPhone: '+33478001101' });
    expect(asClaimer.body.driver).toEqual({ name: w.a.user.name, phone: '+33612345678' });
    const asShop = await w.shopApi.get(url);
    expect(asShop.body.driver).toEqual({ name: w.a.user.name, phone: '+33612345678' });

    expect(
      (await w.aWeb.post(`${url}/release`, { confirmed: 'yes', reason: 'schedule' })).status,
    ).toBe(303);
    const released = await page(w.aWeb, url);
    expect(released.status).toBe(200); // open again, and it still fits: a candidate
    expect(released.html).not.toContain('Cour arrière');
    expect(released.html).not.toContain('tel:');
    const releasedApi = await w.aApi.get(url);
    expect(releasedApi.body).not.toHaveProperty('shopContact');
    expect(releasedApi.body).not.toHaveProperty('driver');
    const shopAfter = await page(w.shopWeb, url);
    expect(shopAfter.html).not.toContain('tel:+33612345678');
    expect((await w.shopApi.get(url)).body).not.toHaveProperty('driver');
  });

  it('PATCH /api/v1/organisations takes accessNotes and pickupPhone, with field errors', async () => {
    const w = await world();
    const path = `/organisations/${w.shop.org.id}`;
    const ok = await w.shopApi.patch(path, { accessNotes: 'Porte B', pickupPhone: '0478001101' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ accessNotes: 'Porte B', pickupPhone: '+33478001101' });
    const bad = await w.shopApi.patch(path, {
      accessNotes: 'x'.repeat(501),
      pickupPhone: '+1 555 0100',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('invalid_input');
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['accessNotes', 'pickupPhone']);
    const cleared = await w.shopApi.patch(path, { pickupPhone: null, accessNotes: '' });
    expect(cleared.body).toMatchObject({ accessNotes: null, pickupPhone: null });
  });
});
