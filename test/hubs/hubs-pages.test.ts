import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

// Issue 19: the relay hub's pages work without JavaScript, in French and English.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const at = (h: number) =>
  new Date(Date.parse('2026-11-27T08:00:00Z') + h * 3_600_000).toISOString();

describe('relay hub pages', () => {
  it('declare, accept, claim via the hub from the feed, two handovers, fetched', async () => {
    const { app } = buildApp(t.db);
    const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng: 4.8344 });
    const hub = await createOrgWithUser(t.db, 'association', {
      lat: 45.77,
      lng: 4.84,
      radius_km: 5,
      storage_chilled: true,
    });
    const partner = await createOrgWithUser(t.db, 'association', {
      lat: 45.768,
      lng: 4.835,
      radius_km: 5,
    });
    const hubC = await signedIn(app, hub.user.email);
    const partnerC = await signedIn(app, partner.user.email);

    const page = await (await hubC.get('/hubs')).text();
    expect(page).toContain('Relais froid (chambre froide partagée)');
    expect(page).toContain(`value="${partner.org.id}"`);
    expect(page).not.toContain('name="capacityFrozenKg"'); // no freezer on its profile
    const bad = await hubC.post('/hubs', { capacityChilledKg: 'abc', openingHours: '' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('id="f-capacityChilledKg-err"');
    const saved = await hubC.post('/hubs', {
      capacityChilledKg: '30',
      openingHours: 'lundi - vendredi, 9 h - 18 h',
      partnerIds: [String(partner.org.id)],
    });
    expect(saved.status).toBe(303);
    expect(await (await hubC.get('/hubs?m=hub.done.saved')).text()).toContain(
      'invitation en attente',
    );
    // a partner without a fridge: its page offers no hub form, and the invitation to answer
    const pp = await (await partnerC.get('/hubs')).text();
    expect(pp).toContain('ni frigo ni congélateur');
    expect(pp).toContain(`action="/hubs/${hub.org.id}/answer"`);
    expect((await partnerC.post(`/hubs/${hub.org.id}/answer`, { decision: 'accept' })).status).toBe(
      303,
    );

    const shopApi = await apiAs(app, shop.user.email, PASSWORD);
    const posted = await shopApi.post('/donations', {
      category: 'dairy',
      description: '40 yaourts nature',
      quantityKg: 5,
      storage: 'chilled',
      dateKind: 'use_by',
      date: '2026-12-05',
      pickupFrom: at(0),
      pickupUntil: at(4),
    });
    const id = posted.body.id as number;
    const feed = await (await partnerC.get('/feed')).text();
    expect(feed).toContain(`Via le relais ${hub.org.name}`);
    expect(feed).toContain(`action="/hubs/${hub.org.id}/claims"`);
    expect(await (await partnerC.get(`/donations/${id}`)).text()).toContain(
      'Réserver via le relais',
    );
    const claimed = await partnerC.post(`/hubs/${hub.org.id}/claims`, {
      donationId: String(id),
      collector: 'partner',
    });
    expect(claimed.status).toBe(303);
    expect(claimed.headers.get('location')).toBe('/hubs/waiting');
    expect(await (await partnerC.get('/hubs/waiting')).text()).toContain('à collecter au magasin');
    // a second claim of the same donation: said on the page, not a 500
    expect(
      (
        await partnerC.post(`/hubs/${hub.org.id}/claims`, {
          donationId: String(id),
          collector: 'hub',
        })
      ).status,
    ).toBe(409);

    const handoverCode = (await shopApi.get(`/donations/${id}`)).body.handoverCode;
    const partnerApi = await apiAs(app, partner.user.email, PASSWORD);
    const hand = { handoverCode, receivedKg: 5, temperatureC: 3, quality: 'good' };
    expect((await partnerApi.post(`/donations/${id}/pickup`, hand)).status).toBe(200);
    const held = await (await hubC.get('/hubs/held')).text();
    expect(held).toContain('en route vers le relais');
    expect(held).toContain(`action="/hubs/deposits/${id}"`);
    const warm = await hubC.post(`/hubs/deposits/${id}`, { receivedKg: '5', temperatureC: '12' });
    expect(warm.status).toBe(422);
    const warmHtml = await warm.text();
    expect(warmHtml).toContain(`id="f-temperatureC-${id}-err"`);
    expect(warmHtml).toContain('value="12"');
    expect(
      (await hubC.post(`/hubs/deposits/${id}`, { receivedKg: '5', temperatureC: '4' })).status,
    ).toBe(303);
    const waiting = await (await partnerC.get('/hubs/waiting?lang=en')).text();
    expect(waiting).toContain('at the hub, to fetch');
    expect((await partnerC.post(`/hubs/deposits/${id}/collection`, {})).status).toBe(303);
    expect(await (await partnerC.get('/hubs/waiting?lang=fr')).text()).toContain(
      'Récupéré au relais le',
    );
    // a GET of each form's action leads to its page
    expect((await hubC.get(`/hubs/deposits/${id}`)).headers.get('location')).toBe('/hubs/held');
  });
});

describe('/hubs for an association without cold storage', () => {
  it('shows only the partner side: the hubs that named it and their invitations, never "declare a hub"', async () => {
    const { app } = buildApp(t.db);
    const hub = await createOrgWithUser(t.db, 'association', {
      lat: 45.77,
      lng: 4.84,
      radius_km: 5,
      storage_frozen: true,
    });
    const partner = await createOrgWithUser(t.db, 'association', { lat: 45.768, lng: 4.835 });
    const hubC = await signedIn(app, hub.user.email);
    const partnerC = await signedIn(app, partner.user.email);

    // an association with a freezer is offered the declaration
    const hubPage = await (await hubC.get('/hubs')).text();
    expect(hubPage).toContain('id="hub-form"');
    expect(hubPage).toContain('Devenir relais');
    expect(hubPage).toContain('href="/hubs/held"');

    // one without a fridge or a freezer: nothing to declare, and nothing named a hub yet
    const before = await (await partnerC.get('/hubs')).text();
    for (const absent of ['id="my-hub"', 'id="hub-form"', 'Devenir relais', 'href="/hubs/held"'])
      expect(before, absent).not.toContain(absent);
    expect(before).toContain('Aucun relais ne vous a nommée partenaire.');
    expect(before).toContain('href="/hubs/waiting"');
    const en = await (await partnerC.get('/hubs?lang=en')).text();
    expect(en).toContain('Your association has no fridge nor freezer');
    expect(en).not.toContain('Become a hub');

    // named by the hub: the invitation to accept, still no declaration
    expect(
      (
        await hubC.post('/hubs', {
          capacityFrozenKg: '20',
          openingHours: 'mardi 14 h - 18 h',
          partnerIds: [String(partner.org.id)],
        })
      ).status,
    ).toBe(303);
    const invited = await (await partnerC.get('/hubs?lang=fr')).text();
    expect(invited).toContain(`id="hub-${hub.org.id}"`);
    expect(invited).toContain('invitation en attente');
    expect(invited).toContain(`action="/hubs/${hub.org.id}/answer"`);
    expect(invited).not.toContain('id="hub-form"');
    expect((await partnerC.post(`/hubs/${hub.org.id}/answer`, { decision: 'accept' })).status).toBe(
      303,
    );
    const accepted = await (await partnerC.get('/hubs')).text();
    expect(accepted).toContain('Quitter ce relais');
    expect(accepted).not.toContain('id="hub-form"');
    // and a declaration sent anyway is refused beside its field
    const sent = await partnerC.post('/hubs', { capacityChilledKg: '10', openingHours: 'lundi' });
    expect(sent.status).toBe(422);
    const refused = await sent.text();
    expect(refused).toContain('Déclarez d’abord un frigo ou un congélateur sur le profil.');
    expect(refused).not.toContain('id="hub-form"');
  });
});
