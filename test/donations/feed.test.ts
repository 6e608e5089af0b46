import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import type { NewOrganisation } from '../../src/db/schema.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const at = (h: number) =>
  new Date(Date.parse('2026-11-27T08:00:00Z') + h * 3_600_000).toISOString();
// each case gets its own spot on the map so that cases do not see each other's donations
let spot = 0;

async function seen(
  assoc: Partial<NewOrganisation>,
  donation: Record<string, unknown>,
  shopAt: [number, number] = [0, 0],
) {
  spot++;
  const lat = 44 + spot * 0.5;
  const { app } = buildApp(t.db);
  const shop = await createOrgWithUser(t.db, 'shop', { lat: lat + shopAt[0], lng: 2 + shopAt[1] });
  const a = await createOrgWithUser(t.db, 'association', { lat, lng: 2, radius_km: 5, ...assoc });
  const shopApi = await apiAs(app, shop.user.email, PASSWORD);
  const res = await shopApi.post('/donations', {
    category: 'bakery',
    description: 'pain',
    quantityKg: 10,
    storage: 'ambient',
    pickupFrom: at(1),
    pickupUntil: at(3),
    ...donation,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const assocApi = await apiAs(app, a.user.email, PASSWORD);
  const items = (await assocApi.get('/donations')).body.items;
  const claim = await assocApi.post(`/donations/${res.body.id}/claim`);
  const visible = items.some((i: any) => i.id === res.body.id);
  // what the feed shows and what may be claimed agree
  expect(claim.status).toBe(visible ? 200 : assoc.approved === false ? 403 : 409);
  return visible;
}

describe('which associations see a donation', () => {
  it.each<[string, Partial<NewOrganisation>, Record<string, unknown>, [number, number], boolean]>([
    ['in radius', {}, {}, [0.02, 0], true],
    ['out of radius (about 6.7 km)', {}, {}, [0.06, 0], false],
    ['just inside a 5 km radius (4.4 km)', {}, {}, [0.04, 0], true],
    // a degree of latitude is 111.195 km on the sphere the distance is measured on
    ['at the edge of a 5 km radius, due north (4.999 km)', {}, {}, [4.999 / 111.195, 0], true],
    ['just past a 5 km radius, due north (5.002 km)', {}, {}, [5.002 / 111.195, 0], false],
    ['a wider radius', { radius_km: 10 }, {}, [0.06, 0], true],
    [
      'category accepted',
      { accepted_categories: JSON.stringify(['bakery', 'dairy']) },
      {},
      [0, 0],
      true,
    ],
    [
      'category not accepted',
      { accepted_categories: JSON.stringify(['dairy']) },
      {},
      [0, 0],
      false,
    ],
    ['chilled food, no fridge', {}, { storage: 'chilled', category: 'dairy' }, [0, 0], false],
    [
      'chilled food, with a fridge',
      { storage_chilled: true },
      { storage: 'chilled', category: 'dairy' },
      [0, 0],
      true,
    ],
    [
      'frozen food, fridge only',
      { storage_chilled: true },
      { storage: 'frozen', category: 'frozen' },
      [0, 0],
      false,
    ],
    [
      'frozen food, with a freezer',
      { storage_frozen: true },
      { storage: 'frozen', category: 'frozen' },
      [0, 0],
      true,
    ],
    ['below the minimum kg', { min_kg: 20 }, {}, [0, 0], false],
    ['above the maximum kg', { max_kg: 5 }, {}, [0, 0], false],
    ['within min and max', { min_kg: 5, max_kg: 10 }, {}, [0, 0], true],
    [
      'same-day food, no capacity',
      {},
      { dateKind: 'use_by', date: '2026-11-27', sameDay: true },
      [0, 0],
      false,
    ],
    [
      'same-day food, with capacity',
      { same_day_capacity: true },
      { dateKind: 'use_by', date: '2026-11-27', sameDay: true },
      [0, 0],
      true,
    ],
    ['an unapproved association', { approved: false }, {}, [0, 0], false],
  ])('%s', async (_name, assoc, donation, shopAt, expected) => {
    expect(await seen(assoc, donation, shopAt)).toBe(expected);
  });

  it('sorts by distance, then by the end of the window', async () => {
    spot++;
    const lat = 44 + spot * 0.5;
    const { app } = buildApp(t.db);
    const a = await createOrgWithUser(t.db, 'association', { lat, lng: 2, radius_km: 5 });
    const near = await createOrgWithUser(t.db, 'shop', { lat: lat + 0.005, lng: 2 });
    const far = await createOrgWithUser(t.db, 'shop', { lat: lat + 0.02, lng: 2 });
    const post = async (shop: typeof near, until: number, description: string) =>
      (
        await (
          await apiAs(app, shop.user.email, PASSWORD)
        ).post('/donations', {
          category: 'bakery',
          description,
          quantityKg: 2,
          storage: 'ambient',
          pickupFrom: at(1),
          pickupUntil: at(until),
        })
      ).body.id;
    await post(far, 2, 'far-early');
    await post(near, 4, 'near-late');
    await post(near, 2, 'near-early');
    const items = (await (await apiAs(app, a.user.email, PASSWORD)).get('/donations')).body.items;
    expect(items.map((i: any) => i.description)).toEqual(['near-early', 'near-late', 'far-early']);
  });
});
