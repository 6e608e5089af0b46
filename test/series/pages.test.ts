import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe('the "Dons réguliers" page, without JavaScript', () => {
  it('sets up a series, refuses a bad one beside its field, skips a date, closes for holidays', async () => {
    const { app } = buildApp(t.db);
    const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng: 4.83 });
    const client = await signedIn(app, shop.user.email);
    expect(await (await client.get('/donations')).text()).toContain('href="/series"');
    const form = {
      category: 'bakery',
      description: 'pain',
      quantityKg: '8',
      storage: 'ambient',
      weekdays: ['2', '5'],
      pickupFromTime: '19:00',
      pickupUntilTime: '19:30',
      startsOn: '2026-11-27',
      leadHours: '6',
    };
    const bad = await client.post('/series', { ...form, pickupUntilTime: '18:00' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="f-pickupUntilTime-err"');
    expect(badHtml).toContain('pas au-delà de minuit');
    expect(await t.db.selectFrom('donation_series').selectAll().execute()).toHaveLength(0);

    const ok = await client.post('/series', form);
    expect(ok.status).toBe(303);
    const html = await (await client.get('/series')).text();
    expect(html).toContain('Tous les mardis, vendredis, 19:00 - 19:30, environ 8 kg : pain');
    const [s] = await t.db.selectFrom('donation_series').selectAll().execute();
    expect(s.lead_minutes).toBe(360);

    expect((await client.post(`/series/${s.id}/skip`, { date: '2026-12-01' })).status).toBe(303);
    expect((await client.post(`/series/${s.id}/skip`, { date: '2026-12-02' })).status).toBe(422);
    const skipped = await t.db.selectFrom('donation_series_dates').selectAll().execute();
    expect(skipped).toMatchObject([{ day: '2026-12-01', skipped: true }]);
    // the skipped date is listed on the series' card
    expect(await (await client.get('/series')).text()).toMatch(
      new RegExp(`id="series-${s.id}-skipped"[^>]*>Dates sautées : 1 décembre 2026<`),
    );

    const badClose = await client.post('/series/closures', {
      closeFrom: '2026-12-24',
      closeUntil: '2026-12-20',
    });
    expect(badClose.status).toBe(422);
    expect(await badClose.text()).toContain('id="f-closeUntil-err"');
    expect(
      (await client.post('/series/closures', { closeFrom: '2026-12-20', closeUntil: '2026-12-27' }))
        .status,
    ).toBe(303);
    expect(await (await client.get('/series')).text()).toContain(
      'Fermé du 20 décembre 2026 au 27 décembre 2026',
    );

    // "Arrêter" asks first (a page, no JavaScript); a post without the confirmation ends nothing
    const ask = await client.get(`/series/${s.id}/end`);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Oui, arrêter ce don régulier');
    const stray = await client.post(`/series/${s.id}/end`);
    expect(stray.status).toBe(200);
    expect(await stray.text()).toContain('Arrêter ce don régulier ?');
    const still = await t.db.selectFrom('donation_series').selectAll().executeTakeFirstOrThrow();
    expect(still.ended_at).toBeNull();
    expect((await client.post(`/series/${s.id}/end`, { confirmed: 'yes' })).status).toBe(303);
    expect(await (await client.get('/series')).text()).toContain('Terminé');

    // "Rouvrir" too
    const [closure] = await t.db.selectFrom('shop_closures').selectAll().execute();
    const reopen = await client.get(`/series/closures/${closure.id}/reopen`);
    expect(await reopen.text()).toContain('du 20 décembre 2026 au 27 décembre 2026');
    expect((await client.post(`/series/closures/${closure.id}/reopen`)).status).toBe(200);
    expect(await t.db.selectFrom('shop_closures').selectAll().execute()).toHaveLength(1);
    expect(
      (await client.post(`/series/closures/${closure.id}/reopen`, { confirmed: 'yes' })).status,
    ).toBe(303);
    expect(await t.db.selectFrom('shop_closures').selectAll().execute()).toHaveLength(0);
  });
});
