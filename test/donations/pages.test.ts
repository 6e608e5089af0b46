import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { donationForm as form } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

async function people() {
  const { app, clock } = buildApp(t.db);
  const shop = await createOrgWithUser(t.db, 'shop', {
    name: 'Boulangerie <b>Pain</b>',
    pickup_from: '18:00',
    pickup_until: '19:30',
  });
  const assoc = await createOrgWithUser(
    t.db,
    'association',
    { lat: 45.768, lng: 4.835, storage_chilled: true },
    'member',
  );
  const s = new Client(app);
  await s.signIn(shop.user.email, PASSWORD);
  const a = new Client(app);
  await a.signIn(assoc.user.email, PASSWORD);
  return { app, clock, shop, assoc, s, a };
}

describe('a shop posts from the phone form', () => {
  it('offers the shop’s usual window today, then posts and shows the donation', async () => {
    const { s } = await people();
    const page = await (await s.get('/donations')).text();
    expect(page).toContain('value="2026-11-27"');
    expect(page).toContain('value="18:00"');
    expect(page).toContain('value="19:30"');
    const res = await s.post('/donations', form());
    expect(res.status).toBe(303);
    const detail = await (await s.get(res.headers.get('location')!)).text();
    expect(detail).toContain('12 baguettes');
    expect(detail).toContain('3,5 kg');
    expect(detail).toContain('Ouvert');
  });

  it.each([
    ['quantityKg', '', 'Ce champ est obligatoire'],
    ['quantityKg', '-2', 'supérieur à zéro'],
    ['quantityKg', 'beaucoup', 'Saisissez un nombre'],
    ['quantityKg', '99999999', 'trop grand'],
    ['description', '', 'obligatoire'],
    ['description', 'x'.repeat(400), 'trop long'],
    ['category', 'caviar', 'Choisissez'],
    ['storage', 'cellar', 'Choisissez'],
    ['pickupFromTime', '08:00', 'déjà passé'],
    ['pickupUntilTime', '09:30', 'après son début'],
    ['pickupUntilTime', '10:10', 'au moins 15 minutes'],
    ['pickupDate', '2026-12-24', '7 jours'],
    ['pickupDate', 'demain', 'Date et heure invalides'],
    ['valueEur', '-5', 'positif'],
  ])(
    'refuses %s=%j with a message by the field, keeps the values, saves nothing',
    async (field, value, message) => {
      const { s, shop } = await people();
      const res = await s.post(
        '/donations',
        form({ [field]: value, description: field === 'description' ? value : 'unique-marker' }),
      );
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      if (field !== 'description') expect(html).toContain('value="unique-marker"');
      const saved = await t.db
        .selectFrom('donations')
        .select('id')
        .where('shop_id', '=', shop.org.id)
        .execute();
      expect(saved).toHaveLength(0);
    },
  );

  it.each([
    [{ category: 'meat_fish', storage: 'chilled', packaged: 'no' }, 'à la coupe'],
    [{ dateKind: 'use_by', date: '2026-11-28' }, '48 h'],
    [{ dateKind: 'use_by', date: '' }, 'Indiquez la date'],
    [{ sameDay: 'on' }, 'jour même ne concerne'],
  ])('gives each broken rule its own message: %j', async (over, message) => {
    const { s } = await people();
    const res = await s.post('/donations', form(over));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
  });

  it('posts again from a past donation in one tap', async () => {
    const { s } = await people();
    const res = await s.post(
      '/donations',
      form({ description: 'Tartes aux pommes', quantityKg: '4', category: 'prepared_meals' }),
    );
    const id = res.headers.get('location')!.split('/').pop();
    const again = await (await s.get(`/donations/new?from=${id}`)).text();
    expect(again).toContain('value="Tartes aux pommes"');
    expect(again).toContain('value="4"');
    expect(again).toMatch(/<option value="prepared_meals" selected/);
    // the plain form remembers the kind of the last donation, not its text
    const plain = await (await s.get('/donations')).text();
    expect(plain).toMatch(/<option value="prepared_meals" selected/);
  });

  it('escapes the description and the shop name wherever they are shown', async () => {
    const { s, a } = await people();
    await s.post('/donations', form({ description: '<img src=x onerror=alert(1)>' }));
    for (const html of [
      await (await s.get('/donations')).text(),
      await (await a.get('/feed')).text(),
      await (await a.get('/')).text(),
    ]) {
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).not.toContain('<b>Pain</b>');
    }
  });
});

describe('a driver claims and picks up', () => {
  it('claims from the feed (htmx), the shop sees who comes and the code, the driver confirms with it', async () => {
    const { s, a, assoc } = await people();
    const id = (
      await s.post(
        '/donations',
        form({ description: 'Yaourts', category: 'dairy', storage: 'chilled' }),
      )
    ).headers
      .get('location')!
      .split('/')
      .pop()!;
    const feed = await (await a.get('/feed')).text();
    expect(feed).toContain('Yaourts');
    expect(feed).toContain('https://www.google.com/maps/dir/?api=1&amp;destination=');
    const claim = await a.post(`/donations/${id}/claim`, {}, { 'hx-request': 'true' });
    expect(claim.status).toBe(200);
    expect(await claim.text()).toContain('Réservé !');
    expect(await (await a.get('/feed?fragment=1')).text()).not.toContain('Yaourts');

    const shopView = await (await s.get(`/donations/${id}`)).text();
    expect(shopView).toContain(`${assoc.org.name} vient chercher ce don`);
    const code = /id="handover-code">(\d{3} \d{3})</.exec(shopView)![1];

    const noTemp = await a.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: '3',
      quality: 'good',
      temperatureC: '',
      issues: '',
    });
    expect(noTemp.status).toBe(422);
    expect(await noTemp.text()).toContain('Relevez la température');
    const wrong = await a.post(`/donations/${id}/pickup`, {
      handoverCode: code === '000 000' ? '111 111' : '000 000',
      receivedKg: '3',
      quality: 'good',
      temperatureC: '4',
      issues: '',
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('n’est pas le code du commerce');
    const poor = await a.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: '3',
      quality: 'poor',
      temperatureC: '4',
      issues: '',
    });
    expect(poor.status).toBe(422);
    expect(await poor.text()).toContain('Dites ce qui ne va pas');
    const ok = await a.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: '2,9',
      quality: 'acceptable',
      temperatureC: '5',
      issues: 'emballages abîmés',
    });
    expect(ok.status).toBe(303);
    const after = await (await s.get(`/donations/${id}`)).text();
    expect(after).toContain('Collecté');
    expect(after).toContain('emballages abîmés');
    expect(after).toContain('Réservé → Collecté'); // history with from-state
  });

  it('records a refusal at pickup with its reason', async () => {
    const { s, a } = await people();
    const id = (await s.post('/donations', form())).headers.get('location')!.split('/').pop()!;
    await a.post(`/donations/${id}/claim`);
    const code = /id="handover-code">(\d{3} \d{3})</.exec(
      await (await s.get(`/donations/${id}`)).text(),
    )![1];
    const res = await a.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: '0',
      quality: 'refused',
      issues: 'pain moisi',
      reasons: 'appearance',
      confirmed: 'yes',
    });
    expect(res.status).toBe(303);
    const row = await t.db
      .selectFrom('donations')
      .selectAll()
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('refused');
    expect(row.issues).toBe('pain moisi');
  });

  it('tells a second claimer it is gone, and lets the driver release a claim', async () => {
    const { app, s, a } = await people();
    const other = await createOrgWithUser(t.db, 'association', { lat: 45.768, lng: 4.835 });
    const o = new Client(app);
    await o.signIn(other.user.email, PASSWORD);
    const id = (await s.post('/donations', form())).headers.get('location')!.split('/').pop()!;
    expect((await a.post(`/donations/${id}/claim`)).status).toBe(303);
    const late = await o.post(`/donations/${id}/claim`, {}, { 'hx-request': 'true' });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('n’est plus disponible');
    expect((await o.get(`/donations/${id}`)).status).toBe(404); // another association's claim is not theirs to see
    // a release is confirmed on its own page, with a reason
    const ask = await a.post(`/donations/${id}/release`);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Rendre ce don ?');
    const noReason = await a.post(`/donations/${id}/release`, { confirmed: 'yes' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('Dites pourquoi');
    expect(
      (await a.post(`/donations/${id}/release`, { confirmed: 'yes', reason: 'no_vehicle' })).status,
    ).toBe(303);
    expect(await (await o.get('/feed')).text()).toContain('12 baguettes');
  });

  it('lets the shop cancel an open donation, and nobody else', async () => {
    const { s, a } = await people();
    const id = (await s.post('/donations', form())).headers.get('location')!.split('/').pop()!;
    expect((await a.post(`/donations/${id}/cancel`, { confirmed: 'yes' })).status).toBe(404);
    expect((await a.get(`/donations/${id}/cancel`)).status).toBe(404);
    // one stray tap only asks (a page that posts again with confirmed=yes)
    const ask = await s.post(`/donations/${id}/cancel`);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('name="confirmed" value="yes"');
    expect(await (await s.get(`/donations/${id}`)).text()).not.toContain('Annulé');
    expect((await s.post(`/donations/${id}/cancel`, { confirmed: 'yes' })).status).toBe(303);
    expect(await (await s.get(`/donations/${id}`)).text()).toContain('Annulé');
    // once it is not open, the confirmation page itself says so, before any "yes"
    const again = await s.get(`/donations/${id}/cancel`);
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain('Seul un don encore ouvert peut être annulé');
    expect(html).not.toContain('name="confirmed" value="yes"');
  });
});

describe('characters the database refuses', () => {
  it('a NUL in the description is a 422 by the field on the form', async () => {
    const { s } = await people();
    const res = await s.post('/donations', form({ description: 'pain\u0000' }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('caractère non autorisé');
  });
});
