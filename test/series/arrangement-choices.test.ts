import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { associationChoices, CHOICES_KM, CHOICES_MAX } from '../../src/series/arrangements.js';
import { buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrganisation, createOrgWithUser } from '../helpers/factories.js';

// Whom a shop may propose a standing arrangement to: approved associations, the nearest first,
// within CHOICES_KM, at most CHOICES_MAX. A database of its own: no other file's organisations.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const actorOf = async (user: { id: number }) =>
  loadActor(
    t.db,
    await t.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow(),
  );

/** `km` kilometres north of (lat, lng) (a degree of latitude is 111.19 km). */
const north = (lat: number, km: number) => lat + km / 111.19;

describe('the associations a shop may propose an arrangement to', () => {
  it('nearest first, with their distance; not the unapproved, not beyond the bound', async () => {
    const here = { lat: 44.0, lng: 6.0 };
    const shop = await createOrgWithUser(t.db, 'shop', here);
    const assoc = (name: string, km: number, over: Record<string, unknown> = {}) =>
      createOrganisation(t.db, 'association', {
        name,
        town: 'Digne',
        lat: north(here.lat, km),
        lng: here.lng,
        ...over,
      });
    const far = await assoc('Loin', 40);
    const near = await assoc('Tout près', 1.5);
    const middle = await assoc('Au milieu', 12, { town: null });
    await assoc('Pas habilitée', 0.5, { approved: false });
    await assoc('Trop loin', CHOICES_KM + 5);
    await createOrganisation(t.db, 'shop', { name: 'Un autre commerce', ...here });

    const choices = await associationChoices(t.db, await actorOf(shop.user));
    expect(choices.map((c) => c.id)).toEqual([near.id, middle.id, far.id]);
    expect(choices.map((c) => Math.round(c.distance_km * 10) / 10)).toEqual([1.5, 12, 40]);

    // the form shows them in that order, the distance in French
    const { app } = buildApp(t.db);
    const browser = await signedIn(app, shop.user.email);
    expect(
      (
        await browser.post('/series', {
          category: 'bakery',
          description: 'pain',
          quantityKg: '8',
          storage: 'ambient',
          weekdays: ['1', '5'],
          pickupFromTime: '19:00',
          pickupUntilTime: '19:30',
          startsOn: '2026-11-27',
          leadHours: '6',
        })
      ).status,
    ).toBe(303);
    const html = await (await browser.get('/series')).text();
    const options = [...html.matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)]
      .filter((m) => [near.id, middle.id, far.id].map(String).includes(m[1]!))
      .map((m) => m[2]);
    expect(options).toEqual([
      'Tout près (Digne, 1,5 km)',
      'Au milieu (12 km)',
      'Loin (Digne, 40 km)',
    ]);
    expect(html).not.toContain('Pas habilitée');
    expect(html).not.toContain('Trop loin');
  });

  it(`at most ${CHOICES_MAX}, the nearest kept`, async () => {
    const here = { lat: 43.0, lng: 3.0 };
    const shop = await createOrgWithUser(t.db, 'shop', here);
    const ids: number[] = [];
    for (let i = 0; i < CHOICES_MAX + 5; i++)
      ids.push(
        (
          await createOrganisation(t.db, 'association', {
            lat: north(here.lat, 0.2 + i * 0.1),
            lng: here.lng,
          })
        ).id,
      );
    const choices = await associationChoices(t.db, await actorOf(shop.user));
    expect(choices.map((c) => c.id)).toEqual(ids.slice(0, CHOICES_MAX));
  });

  it('an association has no one to propose to', async () => {
    const a = await createOrgWithUser(t.db, 'association', { lat: 43.0, lng: 3.0 });
    expect(await associationChoices(t.db, await actorOf(a.user))).toEqual([]);
  });
});
