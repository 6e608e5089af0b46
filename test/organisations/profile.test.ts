import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

async function associationManager() {
  const { app } = strictApp(t.db);
  const { org, user } = await createOrgWithUser(t.db, 'association', { name: 'Restos du Plateau' });
  const c = new Client(app);
  await c.signIn(user.email, PASSWORD);
  return { c, org };
}

const profile = (over: Record<string, string | string[]> = {}) => ({
  profileForm: 'association',
  name: 'Restos du Plateau',
  address: '5 rue Dumenge',
  postcode: '69004',
  town: 'Lyon',
  lat: '45.7765',
  lng: '4.8275',
  phone: '04 78 00 00 00',
  radiusKm: '7,5',
  acceptedCategories: ['bakery', 'dairy', 'prepared_meals'],
  chilled: 'on',
  sameDayCapacity: 'on',
  minKg: '2',
  maxKg: '80',
  pickupDays: ['1', '3', '5'],
  pickupFrom: '17:00',
  pickupUntil: '19:30',
  ...over,
});

const row = (id: number) =>
  t.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** The value of an input in the page, as the browser would show it. */
const inputValue = (html: string, name: string) =>
  html.match(new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`))?.[1];
const isChecked = (html: string, name: string, value?: string) =>
  new RegExp(
    `<input type="checkbox" name="${name}"${value ? ` value="${value}"` : ''} checked=""`,
  ).test(html);
/** The message right under an input. */
const errorOf = (html: string, name: string) =>
  html.match(new RegExp(`<p class="error" id="f-${name}-err">([^<]*)</p>`))?.[1];

describe('association profile (HTML form)', () => {
  it('saves radius, categories, cold-chain kit, same-day capacity, min/max kg, pickup days and slot, and shows them back', async () => {
    const { c, org } = await associationManager();
    const res = await c.post(`/organisations/${org.id}`, profile());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/organisations/${org.id}?saved=1`);

    const saved = await row(org.id);
    expect(saved).toMatchObject({
      radius_km: 7.5,
      accepted_categories: ['bakery', 'dairy', 'prepared_meals'],
      storage_chilled: true,
      storage_frozen: false,
      same_day_capacity: true,
      min_kg: 2,
      max_kg: 80,
      pickup_days: [1, 3, 5],
      pickup_from: '17:00',
      pickup_until: '19:30',
      phone: '04 78 00 00 00',
      lat: 45.7765,
    });

    const html = await (await c.get(`/organisations/${org.id}?saved=1`)).text();
    expect(html).toContain('role="status"');
    expect(inputValue(html, 'radiusKm')).toBe('7,5'); // a French page writes the decimal comma
    expect(inputValue(html, 'minKg')).toBe('2');
    expect(inputValue(html, 'maxKg')).toBe('80');
    expect(inputValue(html, 'pickupFrom')).toBe('17:00');
    expect(inputValue(html, 'pickupUntil')).toBe('19:30');
    for (const cat of ['bakery', 'dairy', 'prepared_meals'])
      expect(isChecked(html, 'acceptedCategories', cat), cat).toBe(true);
    expect(isChecked(html, 'acceptedCategories', 'meat_fish')).toBe(false);
    expect(isChecked(html, 'chilled')).toBe(true);
    expect(isChecked(html, 'frozen')).toBe(false);
    expect(isChecked(html, 'sameDayCapacity')).toBe(true);
    for (const d of ['1', '3', '5']) expect(isChecked(html, 'pickupDays', d)).toBe(true);
    expect(isChecked(html, 'pickupDays', '2')).toBe(false);

    // unticking everything: all categories accepted again (null), no kit
    expect(
      (
        await c.post(
          `/organisations/${org.id}`,
          profile({
            acceptedCategories: [],
            chilled: [],
            sameDayCapacity: [],
            minKg: '',
            maxKg: '',
          }),
        )
      ).status,
    ).toBe(303);
    expect(await row(org.id)).toMatchObject({
      accepted_categories: null,
      storage_chilled: false,
      same_day_capacity: false,
      min_kg: null,
      max_kg: null,
    });
  });

  it.each([
    ['radiusKm', { radiusKm: 'abc' }, 'Saisissez un nombre'],
    ['radiusKm', { radiusKm: '-3' }, 'positif ou nul'],
    ['minKg', { minKg: '-1' }, 'positif ou nul'],
    ['maxKg', { minKg: '50', maxKg: '10' }, 'minimum ne doit pas dépasser'],
    ['pickupUntil', { pickupFrom: '18:00', pickupUntil: '08:00' }, 'après le début'],
    ['pickupFrom', { pickupFrom: '25:00' }, 'HH:MM'],
    ['name', { name: 'x'.repeat(121) }, 'trop long'],
    ['name', { name: '   ' }, 'obligatoire'],
    ['lat', { lat: '91' }, 'latitude'],
    ['acceptedCategories', { acceptedCategories: ['bakery', 'caviar'] }, 'Choisissez'],
    ['pickupDays', { pickupDays: ['1', '9'] }, 'Choisissez'],
  ])(
    'refuses %s (%j) with 422, the message next to the field, the values kept, nothing saved',
    async (field, over, message) => {
      const { c, org } = await associationManager();
      const before = await row(org.id);
      const res = await c.post(
        `/organisations/${org.id}`,
        profile({ name: 'Nouveau nom', ...over }),
      );
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('role="alert"');
      if (field === 'acceptedCategories' || field === 'pickupDays') {
        expect(html).toMatch(new RegExp(`<p class="error">[^<]*${message}`));
      } else {
        expect(errorOf(html, field)).toContain(message);
        expect(html).toMatch(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
      }
      // the values typed are kept
      const sent = profile({ name: 'Nouveau nom', ...over });
      for (const k of [
        'name',
        'radiusKm',
        'minKg',
        'maxKg',
        'pickupFrom',
        'pickupUntil',
        'phone',
      ] as const)
        expect(inputValue(html, k), k).toBe(String(sent[k]).replaceAll('&', '&amp;'));
      expect(isChecked(html, 'acceptedCategories', 'bakery')).toBe(true);
      expect(isChecked(html, 'chilled')).toBe(true);
      expect(isChecked(html, 'pickupDays', '1')).toBe(true);
      expect(await row(org.id)).toEqual(before);
    },
  );

  it('escapes HTML in the name, on the saved page and in a refused form', async () => {
    const { c, org } = await associationManager();
    const evil = '<script>alert("x")</script> & Co';
    expect((await c.post(`/organisations/${org.id}`, profile({ name: evil }))).status).toBe(303);
    expect((await row(org.id)).name).toBe(evil);
    const html = await (await c.get(`/organisations/${org.id}`)).text();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');

    const refused = await c.post(
      `/organisations/${org.id}`,
      profile({ name: '<img src=x onerror=alert(1)>', radiusKm: 'abc' }),
    );
    expect(refused.status).toBe(422);
    const again = await refused.text();
    expect(again).not.toContain('<img src=x');
    expect(again).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('a shop profile keeps its usual window and has no association fields', async () => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'shop');
    const c = new Client(app);
    await c.signIn(user.email, PASSWORD);
    const html = await (await c.get(`/organisations/${org.id}`)).text();
    expect(html).not.toContain('name="radiusKm"');
    const res = await c.post(`/organisations/${org.id}`, {
      profileForm: 'shop',
      name: org.name,
      lat: '45.77',
      lng: '4.83',
      pickupFrom: '20:00',
      pickupUntil: '21:00',
    });
    expect(res.status).toBe(303);
    expect(await row(org.id)).toMatchObject({
      pickup_from: '20:00',
      pickup_until: '21:00',
      lat: 45.77,
    });
    const bad = await c.post(`/organisations/${org.id}`, {
      profileForm: 'shop',
      name: org.name,
      lat: '45.77',
      lng: '4.83',
      pickupFrom: '21:00',
      pickupUntil: '20:00',
    });
    expect(bad.status).toBe(422);
    expect(errorOf(await bad.text(), 'pickupUntil')).toContain('après le début');
  });
});
