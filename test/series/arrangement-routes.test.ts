import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as words } from '../../src/i18n/index.js';
import { occurrenceJob } from '../../src/jobs/jobs.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { CHOICES_KM } from '../../src/series/arrangements.js';
import {
  createOrganisation,
  createOrgWithUser,
  createUser,
  PASSWORD,
} from '../helpers/factories.js';

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

describe('an arrangement only with an association the form would list (within 100 km)', () => {
  it('beyond it: 422 on associationId (API, creating or changing), the same words next to the form field; nothing saved', async () => {
    const w = await world();
    const here = await t.db
      .selectFrom('organisations')
      .select(['lat', 'lng'])
      .where('id', '=', w.shop.org.id)
      .executeTakeFirstOrThrow();
    // `km` north of the shop (a degree of latitude is 111.19 km on the distance's sphere)
    const north = (km: number) =>
      createOrganisation(t.db, 'association', { lat: here.lat + km / 111.19, lng: here.lng });
    const far = await north(CHOICES_KM + 1);
    const edge = await north(CHOICES_KM - 1);
    const tooFar = 'This association is more than 100 km from your shop: choose a nearer one.';

    const refused = await w.shopApi.post('/donation-series', bread({ associationId: far.id }));
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'invalid_input',
      fields: { associationId: tooFar },
    });
    expect((await w.shopApi.get('/donation-series')).body.items).toEqual([]);

    const made = await w.shopApi.post('/donation-series', bread({ associationId: edge.id }));
    expect(made.status).toBe(201);
    expect(made.body.associationId).toBe(edge.id);
    const moved = await w.shopApi.patch(`/donation-series/${made.body.id}`, {
      associationId: far.id,
    });
    expect(moved.status).toBe(422);
    expect(moved.body.error.fields).toEqual({ associationId: tooFar });
    const [kept] = (await w.shopApi.get('/arrangements')).body.items;
    expect(kept).toMatchObject({ associationId: edge.id, status: 'proposed' });

    // the form: the page lists the one within reach, not the far one; posted anyway, refused
    // next to its field in French
    await w.shopApi.post('/donation-series', bread({ description: 'environ 5 kg de fruits' }));
    const plain = (await w.shopApi.get('/donation-series')).body.items.find(
      (s: { associationId: number | null }) => s.associationId == null,
    );
    const shop = await signedIn(w.app, w.shop.user.email);
    const list = await (await shop.get('/series')).text();
    expect(list).toContain(`<option value="${edge.id}"`);
    expect(list).not.toContain(`<option value="${far.id}"`);
    const form = await shop.post(`/series/${plain.id}/arrangement`, {
      associationId: String(far.id),
      confirmHoursBefore: '24',
    });
    expect(form.status).toBe(422);
    const html = await form.text();
    const card = html.slice(html.indexOf(`id="series-${plain.id}"`));
    expect(card).toMatch(
      /<select id="f-associationId" name="associationId" aria-invalid="true" aria-describedby="f-associationId-err">/,
    );
    expect(card).toContain(
      '<p class="error" id="f-associationId-err">Cette association est à plus de 100 km de votre commerce : choisissez-en une plus proche.</p>',
    );
    expect(card.slice(0, card.indexOf('f-associationId-err'))).toContain('<details open');
    const after = (await w.shopApi.get('/donation-series')).body.items.find(
      (s: { id: number }) => s.id === plain.id,
    );
    expect(after.associationId).toBeNull();
  });
  it('an arrangement agreed before the rule, with one farther away, survives an edit naming it again', async () => {
    const w = await world();
    const made = await w.shopApi.post('/donation-series', bread({ associationId: w.assoc.org.id }));
    expect(made.status).toBe(201);
    // the association moves beyond 100 km (or the arrangement predates the rule)
    await t.db
      .updateTable('organisations')
      .set((eb) => ({ lat: eb('lat', '+', (CHOICES_KM + 20) / 111.19) }))
      .where('id', '=', w.assoc.org.id)
      .execute();
    const edited = await w.shopApi.patch(`/donation-series/${made.body.id}`, {
      associationId: w.assoc.org.id,
      description: 'environ 9 kg de pain',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.associationId).toBe(w.assoc.org.id);
    const [kept] = (await w.shopApi.get('/arrangements')).body.items;
    expect(kept).toMatchObject({ associationId: w.assoc.org.id, status: 'proposed' });
  });
});
