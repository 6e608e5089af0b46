import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { loadCommuneIndex } from '../../src/places/communes-node.js';
import { buildApp } from '../helpers/app.js';
import { openTestDatabase } from '../helpers/db.js';
import {
  createDonation,
  markClaimed,
  markExpired,
  markMissed,
  markPickedUp,
  markRefused,
} from '../helpers/donation-factories.js';
import { createOrgWithUser, createOrganisation, createUser } from '../helpers/factories.js';

/**
 * The small data set the figures are checked against (November 2026, Paris days):
 *  #1 shop A bakery 10 kg, 20 EUR, claimed by X after 30 min, picked up 9 kg good
 *  #2 shop A dairy chilled 4 kg, no value, X after 60 min, picked up 4 kg acceptable at 9 °C (defect: > 8)
 *  #3 shop A fruit 6 kg, expired
 *  #4 shop A meat chilled 3 kg, 15 EUR, Y after 10 min, refused at 6 °C (defect)
 *  #5 shop B bakery 8 kg, 10 EUR, Y after 20 min, picked up 8 kg poor (defect)
 *  #6 shop B dry goods 5 kg, X after 120 min, missed
 *  #7 shop B bakery 2 kg posted 31 Oct, X, picked up 1 Nov 2 kg good, no value
 *  #8 shop A bakery 7 kg posted 30 Nov 23:30, open
 *  #9 shop A bakery 1 kg posted 1 Dec 00:30, open (outside November)
 * Shop A and association X are in Lyon (1er and 4e arrondissements); shop B and Y in Villeurbanne;
 * territory T covers Lyon, by the town name typed before official communes.
 */
export async function seedDataSet(db: Kysely<Database>) {
  const A = await createOrgWithUser(db, 'shop', {
    town: 'Lyon',
    citycode: '69381',
    name: 'Boulangerie A',
    lat: 45.77,
    lng: 4.83,
  });
  const B = await createOrgWithUser(db, 'shop', {
    town: 'Villeurbanne',
    citycode: '69266',
    name: 'Primeur B',
    lat: 45.77,
    lng: 4.88,
  });
  const X = await createOrgWithUser(db, 'association', {
    town: 'Lyon',
    citycode: '69384',
    name: 'Épicerie X',
  });
  const Y = await createOrgWithUser(db, 'association', {
    town: 'Villeurbanne',
    citycode: '69266',
    name: 'Antenne Y',
  });
  const T = await createOrgWithUser(db, 'territory', {
    town: 'Lyon',
    name: 'PAT Lyon',
    area_towns: JSON.stringify(['Lyon']),
  });
  const admin = await createUser(db, { isAdmin: true });
  const at = (d: string) => `${d}+01:00`;
  const post = (shopId: number, day: string, o: Record<string, unknown> = {}) =>
    createDonation(db, {
      shopId,
      created_at: at(`${day}T08:00:00`),
      pickup_from: at(`${day}T09:00:00`),
      pickup_until: at(`${day}T18:00:00`),
      ...o,
    });

  const d1 = await post(A.org.id, '2026-11-02', { quantity_kg: 10, value_eur: 20 });
  await markPickedUp(db, d1.id, {
    associationId: X.org.id,
    claimedAt: at('2026-11-02T08:30:00'),
    at: at('2026-11-02T10:00:00'),
    receivedKg: 9,
    quality: 'good',
  });
  const d2 = await post(A.org.id, '2026-11-03', {
    category: 'dairy',
    storage: 'chilled',
    quantity_kg: 4,
    date_kind: 'use_by',
    product_date: '2026-11-06',
  });
  await markPickedUp(db, d2.id, {
    associationId: X.org.id,
    claimedAt: at('2026-11-03T09:00:00'),
    at: at('2026-11-03T11:00:00'),
    receivedKg: 4,
    quality: 'acceptable',
    temperatureC: 9,
  });
  const d3 = await post(A.org.id, '2026-11-04', { category: 'fruit_vegetables', quantity_kg: 6 });
  await markExpired(db, d3.id);
  const d4 = await post(A.org.id, '2026-11-05', {
    category: 'meat_fish',
    storage: 'chilled',
    quantity_kg: 3,
    value_eur: 15,
  });
  await markClaimed(db, d4.id, Y.org.id, at('2026-11-05T08:10:00'));
  await markRefused(db, d4.id, {
    associationId: Y.org.id,
    at: at('2026-11-05T10:00:00'),
    temperatureC: 6,
    issues: 'Chaîne du froid rompue',
  });
  const d5 = await post(B.org.id, '2026-11-06', { quantity_kg: 8, value_eur: 10 });
  await markPickedUp(db, d5.id, {
    associationId: Y.org.id,
    claimedAt: at('2026-11-06T08:20:00'),
    at: at('2026-11-06T12:00:00'),
    receivedKg: 8,
    quality: 'poor',
  });
  const d6 = await post(B.org.id, '2026-11-07', { category: 'dry_goods', quantity_kg: 5 });
  await markMissed(db, d6.id, { associationId: X.org.id, claimedAt: at('2026-11-07T10:00:00') });
  const d7 = await post(B.org.id, '2026-10-31', { quantity_kg: 2 });
  await markPickedUp(db, d7.id, {
    associationId: X.org.id,
    claimedAt: at('2026-10-31T09:00:00'),
    at: at('2026-11-01T09:00:00'),
    receivedKg: 2,
    quality: 'good',
  });
  const d8 = await createDonation(db, {
    shopId: A.org.id,
    quantity_kg: 7,
    created_at: at('2026-11-30T23:30:00'),
    pickup_from: at('2026-12-01T09:00:00'),
    pickup_until: at('2026-12-01T12:00:00'),
  });
  const d9 = await createDonation(db, {
    shopId: A.org.id,
    quantity_kg: 1,
    created_at: at('2026-12-01T00:30:00'),
    pickup_from: at('2026-12-01T09:00:00'),
    pickup_until: at('2026-12-01T12:00:00'),
  });
  return { A, B, X, Y, T, admin, d: [d1, d2, d3, d4, d5, d6, d7, d8, d9] };
}

/** The data set on a fresh test database, and an app whose clock stands on 5 December 2026. */
export async function dataSetApp() {
  const t = await openTestDatabase();
  const s = await seedDataSet(t.db);
  const built = buildApp(t.db, { communes: loadCommuneIndex });
  built.clock.set('2026-12-05T12:00:00+01:00');
  return { t, s, app: built.app };
}
