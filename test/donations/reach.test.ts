import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewOrganisation } from '../../src/db/schema.js';
import { associationIdsFitting } from '../../src/donations/matching.js';
import { reachAtPosting, whoCouldTake, type Reach } from '../../src/donations/reach.js';
import { planNotifications } from '../../src/notifications/outbox.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrganisation } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

class RolledBack extends Error {}

/**
 * Who could take a donation of the shop at Lyon's Croix-Rousse, among `associations` placed by
 * their offset north of the shop (in degrees of latitude, 0.1 ≈ 11.1 km). Each case runs in a
 * transaction rolled back at the end, so that cases never count each other's associations.
 */
async function reachOf(
  associations: (Partial<NewOrganisation> & { north?: number })[],
  donation: Record<string, unknown> = {},
) {
  let seen: { reach: Reach; fitting: number; planned: number[]; ruled: number[] } | undefined;
  await t.db
    .transaction()
    .execute(async (trx) => {
      const shop = await createOrganisation(trx, 'shop');
      for (const { north = 0, ...a } of associations)
        await createOrganisation(trx, 'association', { lat: shop.lat + north, ...a });
      const d = await createDonation(trx, { shopId: shop.id, quantity_kg: 5, ...donation });
      const reach = await whoCouldTake(trx, d.id);
      const ruled = (await associationIdsFitting(trx, [d.id])).get(d.id)!;
      // posting reads the fitting associations once, as it plans the alerts, and reuses them for
      // the live event's audience and the reach (reachAtPosting): the same set as the rule's
      const { fitting: planned, reachable } = await planNotifications(trx, d, new Date());
      const atPosting = await reachAtPosting(trx, { id: d.id, reachable });
      expect(atPosting).toEqual(reach);
      seen = {
        reach,
        fitting: ruled.length,
        planned: [...planned].sort((a, b) => a - b),
        ruled: [...ruled].sort((a, b) => a - b),
      };
      throw new RolledBack();
    })
    .catch((e) => {
      if (!(e instanceof RolledBack)) throw e;
    });
  return seen!;
}

const chilled = { storage: 'chilled', category: 'dairy' };
const frozen = { storage: 'frozen', category: 'frozen' };

describe('who could take a donation, and why nobody can', () => {
  it.each<[string, Parameters<typeof reachOf>[0], Record<string, unknown>, Reach]>([
    ['one association fits', [{}], {}, { associations: 1, reasons: [] }],
    [
      'one fits among others that do not: no warning',
      [{ min_kg: 10 }, { accepted_categories: JSON.stringify(['dairy']) }, {}],
      {},
      { associations: 1, reasons: [] },
    ],
    [
      'no association at all',
      [],
      {},
      { associations: 0, reasons: [{ rule: 'none_approved', waiting: 0 }] },
    ],
    [
      'only associations awaiting approval',
      [{ approved: false }, { approved: false, north: 0.5 }],
      {},
      { associations: 0, reasons: [{ rule: 'none_approved', waiting: 2 }] },
    ],
    [
      'out of every radius: those within the largest radius counted, the nearest said',
      [
        { north: 0.1, radius_km: 5 },
        { north: 0.3, radius_km: 20 },
      ],
      {},
      { associations: 0, reasons: [{ rule: 'radius', associations: 1, nearestKm: 11.1 }] },
    ],
    [
      'an association of another town is not in reach: not counted beside the near ones',
      [{ min_kg: 10 }, { north: 2 }],
      {},
      { associations: 0, reasons: [{ rule: 'min_kg', associations: 1, kg: 10, atKg: 1 }] },
    ],
    [
      'only associations of another town: none in reach, the nearest said',
      [{ north: 2 }, { north: 2.5 }],
      {},
      { associations: 0, reasons: [{ rule: 'radius', associations: 0, nearestKm: 222.4 }] },
    ],
    [
      'kg below every minimum: the smallest minimum and how many take from it',
      [{ min_kg: 20 }, { min_kg: 10 }, { min_kg: 10 }, { min_kg: 2, north: 0.3 }],
      {},
      {
        associations: 0,
        // the one 33 km away is beyond every radius (5 km): not in reach, not counted
        reasons: [{ rule: 'min_kg', associations: 3, kg: 10, atKg: 2 }],
      },
    ],
    [
      'more than every maximum: the largest maximum',
      [{ max_kg: 3 }, { max_kg: 4 }],
      { quantity_kg: 5 },
      { associations: 0, reasons: [{ rule: 'max_kg', associations: 2, kg: 4, atKg: 1 }] },
    ],
    [
      'chilled food and no fridge',
      [{}, {}],
      chilled,
      { associations: 0, reasons: [{ rule: 'storage', associations: 2, storage: 'chilled' }] },
    ],
    [
      'chilled food and a freezer',
      [{ storage_frozen: true }],
      chilled,
      { associations: 1, reasons: [] },
    ],
    [
      'frozen food and a fridge only',
      [{ storage_chilled: true }],
      frozen,
      { associations: 0, reasons: [{ rule: 'storage', associations: 1, storage: 'frozen' }] },
    ],
    [
      'category not accepted',
      [{ accepted_categories: JSON.stringify(['dairy', 'produce']) }],
      {},
      { associations: 0, reasons: [{ rule: 'category', associations: 1 }] },
    ],
    [
      'same-day food and no same-day capacity',
      [{}],
      { same_day: true, date_kind: 'use_by', product_date: '2026-11-20' },
      { associations: 0, reasons: [{ rule: 'same_day', associations: 1 }] },
    ],
    [
      'each near association excluded by its own rule: every rule said',
      [{ min_kg: 8 }, { accepted_categories: JSON.stringify(['dairy']) }, { approved: false }],
      {},
      {
        associations: 0,
        reasons: [
          { rule: 'category', associations: 1 },
          { rule: 'min_kg', associations: 1, kg: 8, atKg: 1 },
        ],
      },
    ],
  ])('%s', async (_name, associations, donation, expected) => {
    const { reach, fitting, planned, ruled } = await reachOf(associations, donation);
    expect(planned).toEqual(ruled);
    expect(reach).toEqual(expected);
    // the count is the feed's and the notifications' own rule, not a second opinion
    expect(reach.associations).toBe(fitting);
  });
});
