import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as words } from '../../src/i18n/index.js';
import { occurrenceJob } from '../../src/jobs/jobs.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

let places = 0;
async function world() {
  const built = buildApp(t.db); // 2026-11-27T09:00 Paris, a Friday
  const lng = 3 + ++places * 0.5;
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  const assoc = await createOrgWithUser(t.db, 'association', { lat: 45.77, lng, radius_km: 3 });
  const third = await createOrgWithUser(t.db, 'association', { lat: 45.77, lng, radius_km: 3 });
  const driver = await createUser(t.db, { organisationId: assoc.org.id, role: 'member' });
  const api = (email: string) => apiAs(built.app, email, PASSWORD);
  return {
    ...built,
    shop,
    assoc,
    third,
    shopApi: await api(shop.user.email),
    managerApi: await api(assoc.user.email),
    driverApi: await api(driver.email),
    thirdApi: await api(third.user.email),
    driver,
  };
}

const bread = (over: Record<string, unknown> = {}) => ({
  category: 'bakery',
  description: 'environ 8 kg de pain',
  quantityKg: 8,
  storage: 'ambient',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  pickupFromTime: '19:00',
  pickupUntilTime: '19:30',
  startsOn: '2026-11-27',
  ...over,
});

describe('standing arrangements through the API', () => {
  it('proposed with associationId, accepted by a manager, confirmed by a driver; others see nothing', async () => {
    const w = await world();
    const unknown = await w.shopApi.post(
      '/donation-series',
      bread({ associationId: w.shop.org.id }),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.fields).toEqual({
      associationId: words('en', 'arr.err.association_unknown'),
    });
    const badHours = await w.shopApi.post(
      '/donation-series',
      bread({ associationId: w.assoc.org.id, confirmHoursBefore: 500 }),
    );
    expect(badHours.body.error.fields).toEqual({
      confirmHoursBefore: words('en', 'arr.err.confirm_hours'),
    });

    const made = await w.shopApi.post(
      '/donation-series',
      bread({ associationId: w.assoc.org.id, confirmHoursBefore: 12 }),
    );
    expect(made.status).toBe(201);
    expect(made.body.associationId).toBe(w.assoc.org.id);
    const listed = await w.managerApi.get('/arrangements');
    const [a] = listed.body.items;
    expect(a).toMatchObject({ status: 'proposed', confirmHoursBefore: 12, seriesId: made.body.id });
    expect((await w.thirdApi.get('/arrangements')).body.items).toEqual([]);

    expect((await w.driverApi.post(`/arrangements/${a.id}/acceptance`)).status).toBe(403);
    expect((await w.thirdApi.post(`/arrangements/${a.id}/acceptance`)).status).toBe(404);
    const accepted = await w.managerApi.post(`/arrangements/${a.id}/acceptance`);
    expect(accepted.body.status).toBe('active');

    await occurrenceJob({ db: t.db, now: w.clock.now });
    const offers = (await w.driverApi.get('/arrangements')).body.items[0].offers;
    expect(offers[0]).toMatchObject({
      day: '2026-11-28',
      status: 'pending',
      deadline: '2026-11-28T06:00:00.000Z',
    });

    expect(
      (
        await w.thirdApi.post(`/arrangements/${a.id}/decisions`, {
          decision: 'confirm',
          days: ['2026-11-28'],
        })
      ).status,
    ).toBe(404);
    expect(
      (await w.driverApi.post(`/arrangements/${a.id}/decisions`, { decision: 'confirm' })).status,
    ).toBe(422);
    const confirmed = await w.driverApi.post(`/arrangements/${a.id}/decisions`, {
      decision: 'confirm',
      days: ['2026-11-28'],
    });
    expect(confirmed.status).toBe(200);
    const [item] = confirmed.body.items;
    expect(item).toMatchObject({ day: '2026-11-28', status: 'confirmed', error: null });
    const donation = await w.driverApi.get(`/donations/${item.donationId}`);
    expect(donation.body).toMatchObject({ status: 'claimed', seriesId: made.body.id });
    // the third association does not see it in its list either
    const theirs = await w.thirdApi.get('/donations');
    expect(theirs.body.items.map((d: { id: number }) => d.id)).not.toContain(item.donationId);

    expect((await w.shopApi.post(`/arrangements/${a.id}/end`, { reason: '' })).status).toBe(422);
    const ended = await w.shopApi.post(`/arrangements/${a.id}/end`, { reason: 'travaux' });
    expect(ended.body).toMatchObject({
      status: 'ended',
      endReason: 'travaux',
      endedBy: { organisationId: w.shop.org.id, userId: w.shop.user.id },
    });
    expect((await w.managerApi.post(`/arrangements/${a.id}/end`, { reason: 'x' })).status).toBe(
      409,
    );
    const series = await w.shopApi.get('/donation-series');
    expect(series.body.items[0].associationId).toBeNull();
  });

  it('PATCH associationId proposes to another association, null ends it', async () => {
    const w = await world();
    const made = await w.shopApi.post('/donation-series', bread());
    expect(made.body.associationId).toBeNull();
    const patched = await w.shopApi.patch(`/donation-series/${made.body.id}`, {
      associationId: w.assoc.org.id,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.associationId).toBe(w.assoc.org.id);
    const moved = await w.shopApi.patch(`/donation-series/${made.body.id}`, {
      associationId: w.third.org.id,
    });
    expect(moved.body.associationId).toBe(w.third.org.id);
    const history = (await w.shopApi.get('/arrangements')).body.items;
    expect(
      history.map((a: { associationId: number; status: string }) => [a.associationId, a.status]),
    ).toEqual([
      [w.third.org.id, 'proposed'],
      [w.assoc.org.id, 'ended'],
    ]);
    const cleared = await w.shopApi.patch(`/donation-series/${made.body.id}`, {
      associationId: null,
    });
    expect(cleared.body.associationId).toBeNull();
  });
});

describe('standing arrangements on the pages, without JavaScript', () => {
  it('the shop proposes, the manager accepts, a driver confirms a week, in French', async () => {
    const w = await world();
    const shop = await signedIn(w.app, w.shop.user.email);
    await w.shopApi.post('/donation-series', bread());
    const [s] = (await w.shopApi.get('/donation-series')).body.items;
    const page = await (await shop.get('/series')).text();
    expect(page).toContain('Proposer d’abord à une association');
    expect(
      (
        await shop.post(`/series/${s.id}/arrangement`, {
          associationId: 'x',
          confirmHoursBefore: '24',
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await shop.post(`/series/${s.id}/arrangement`, {
          associationId: String(w.assoc.org.id),
          confirmHoursBefore: '24',
        })
      ).status,
    ).toBe(303);
    expect(await (await shop.get('/series')).text()).toContain('en attente de l’accord');

    const manager = await signedIn(w.app, w.assoc.user.email);
    const proposals = await (await manager.get('/arrangements')).text();
    expect(proposals).toContain('Accepter l’accord');
    const [a] = (await w.managerApi.get('/arrangements')).body.items;
    expect((await manager.post(`/arrangements/${a.id}/acceptance`)).status).toBe(303);
    await occurrenceJob({ db: t.db, now: w.clock.now });

    const driver = await signedIn(w.app, w.driver.email);
    const board = await (await driver.get('/arrangements')).text();
    expect(board).toContain('Semaine du 30 novembre 2026');
    expect(board).toContain('Confirmer toute la semaine');
    expect(board).not.toContain('Mettre fin à l’accord'); // a driver cannot end it
    const done = await driver.post(`/arrangements/${a.id}/decisions`, {
      weekOf: '2026-11-30',
      decision: 'confirm',
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toContain('m=arr.done.confirmed');
    const after = await (await driver.get('/arrangements?m=arr.done.confirmed')).text();
    expect(after).toContain('ces dates sont réservées pour vous');
    expect(after.match(/confirmée/g)?.length).toBe(4);

    // the end asks a reason, beside its field
    const noReason = await manager.post(`/arrangements/${a.id}/end`, { reason: ' ' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('Dites pourquoi en quelques mots.');
    expect(
      (await manager.post(`/arrangements/${a.id}/end`, { reason: 'plus de camion' })).status,
    ).toBe(303);
    expect(await (await shop.get('/arrangements')).text()).toContain('plus de camion');
  });
});
