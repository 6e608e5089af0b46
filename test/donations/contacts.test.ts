import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor, type Actor } from '../../src/accounts/actor.js';
import { claimDonation, releaseClaim } from '../../src/donations/claims.js';
import { confirmPickup } from '../../src/donations/pickup.js';
import { contactVisibility, pickupContacts } from '../../src/donations/contacts.js';
import { getDonation } from '../../src/donations/queries.js';
import type { DonationStatus } from '../../src/db/schema.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrganisation, createOrgWithUser, createUser } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const NOW = new Date('2026-11-20T09:30:00+01:00');
const SHOP_CONTACT = {
  accessNotes: 'Cour arrière, sonnez à la porte verte',
  pickupPhone: '+33478001101',
};

/** A shop with its way in, two associations near it (drivers with phones), the admin, a stranger. */
async function world() {
  const shop = await createOrgWithUser(t.db, 'shop', {
    access_notes: SHOP_CONTACT.accessNotes,
    pickup_phone: SHOP_CONTACT.pickupPhone,
  });
  const a = await createOrgWithUser(t.db, 'association', {}, 'member');
  const b = await createOrgWithUser(t.db, 'association');
  const aMate = await createUser(t.db, { organisationId: a.org.id, role: 'member' });
  await t.db
    .updateTable('users')
    .set({ phone: '+33612345678' })
    .where('id', '=', a.user.id)
    .execute();
  await t.db
    .updateTable('users')
    .set({ phone: '+33698765432' })
    .where('id', '=', b.user.id)
    .execute();
  const admin = await createUser(t.db, { isAdmin: true });
  const elsewhere = await createOrganisation(t.db, 'shop');
  const stranger = await createUser(t.db, { organisationId: elsewhere.id });
  const d = await createDonation(t.db, {
    shopId: shop.org.id,
    pickup_from: '2026-11-20T09:00:00+01:00',
    pickup_until: '2026-11-20T12:00:00+01:00',
  });
  const actor = async (u: { id: number }) =>
    loadActor(
      t.db,
      await t.db.selectFrom('users').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow(),
    );
  return {
    d,
    shop: await actor(shop.user),
    a: await actor(a.user),
    aMate: await actor(aMate),
    b: await actor(b.user),
    admin: await actor(admin),
    stranger: await actor(stranger),
    aUser: a.user,
    bUser: b.user,
  };
}

async function seenBy(actor: Actor | null, id: number) {
  const d = await t.db
    .selectFrom('donations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return pickupContacts(t.db, actor, d);
}

describe('who sees the way in to the shop and the driver (contacts.ts), on a real database', () => {
  it('an open donation: the shop and the admin see the way in, nobody a driver', async () => {
    const w = await world();
    expect(await seenBy(w.shop, w.d.id)).toEqual({ shop: SHOP_CONTACT, driver: null });
    expect(await seenBy(w.admin, w.d.id)).toEqual({ shop: SHOP_CONTACT, driver: null });
    for (const other of [w.a, w.b, w.stranger, null])
      expect(await seenBy(other, w.d.id)).toEqual({ shop: null, driver: null });
  });

  it('claimed, released, claimed by another, picked up: only the holder of the claim sees them', async () => {
    const w = await world();
    const driverA = { name: w.aUser.name, phone: '+33612345678' };
    const driverB = { name: w.bUser.name, phone: '+33698765432' };

    await claimDonation(t.db, w.a, w.d.id, NOW);
    expect(await seenBy(w.shop, w.d.id)).toEqual({ shop: SHOP_CONTACT, driver: driverA });
    expect(await seenBy(w.a, w.d.id)).toEqual({ shop: SHOP_CONTACT, driver: driverA });
    // another member of the claiming association: the same
    expect(await seenBy(w.aMate, w.d.id)).toEqual({ shop: SHOP_CONTACT, driver: driverA });
    expect(await seenBy(w.admin, w.d.id)).toEqual({ shop: SHOP_CONTACT, driver: null });
    for (const other of [w.b, w.stranger, null])
      expect(await seenBy(other, w.d.id)).toEqual({ shop: null, driver: null });

    await releaseClaim(t.db, w.a, w.d.id, NOW);
    expect(await seenBy(w.a, w.d.id)).toEqual({ shop: null, driver: null });
    expect(await seenBy(w.shop, w.d.id)).toEqual({ shop: SHOP_CONTACT, driver: null });

    const claimed = await claimDonation(t.db, w.b, w.d.id, NOW);
    expect(await seenBy(w.b, w.d.id)).toEqual({ shop: SHOP_CONTACT, driver: driverB });
    expect(await seenBy(w.shop, w.d.id)).toEqual({ shop: SHOP_CONTACT, driver: driverB });
    expect(await seenBy(w.a, w.d.id)).toEqual({ shop: null, driver: null });

    await confirmPickup(
      t.db,
      w.b,
      w.d.id,
      { handoverCode: claimed.handover_code!, receivedKg: 5, quality: 'good' },
      NOW,
    );
    expect(await seenBy(w.b, w.d.id)).toEqual({ shop: SHOP_CONTACT, driver: driverB });
    expect(await seenBy(w.shop, w.d.id)).toEqual({ shop: SHOP_CONTACT, driver: driverB });
    for (const other of [w.a, w.stranger, null])
      expect(await seenBy(other, w.d.id)).toEqual({ shop: null, driver: null });
  });

  it('getDonation carries the same contacts for its viewer', async () => {
    const w = await world();
    await claimDonation(t.db, w.a, w.d.id, NOW);
    const asClaimer = await getDonation(t.db, w.a, w.d.id, NOW);
    expect(asClaimer.viewer).toBe('claimer');
    expect(asClaimer.contacts.shop).toEqual(SHOP_CONTACT);
    const asAdmin = await getDonation(t.db, w.admin, w.d.id, NOW);
    expect(asAdmin.contacts).toEqual({ shop: SHOP_CONTACT, driver: null });
  });
});

describe('contactVisibility, by status', () => {
  const me = (orgIds: number[], isAdmin = false) =>
    ({
      user: { is_admin: isAdmin },
      memberships: orgIds.map((organisationId) => ({ organisationId })),
      org: null,
    }) as unknown as Actor;
  const cases: [DonationStatus, number | null, { shop: boolean; driver: boolean }][] = [
    ['open', null, { shop: false, driver: false }],
    ['claimed', 2, { shop: true, driver: true }],
    ['picked_up', 2, { shop: true, driver: true }],
    ['refused', 2, { shop: true, driver: true }],
    ['missed', 2, { shop: false, driver: false }],
    ['expired', null, { shop: false, driver: false }],
  ];
  it.each(cases)('%s: the association named in claimed_by (%s)', (status, claimedBy, expected) => {
    const d = { shop_id: 1, status, claimed_by: claimedBy, claimed_by_user: claimedBy && 9 };
    expect(contactVisibility(me([2]), d)).toEqual(expected);
    expect(contactVisibility(me([3]), d)).toEqual({ shop: false, driver: false });
    expect(contactVisibility(me([1]), d)).toEqual({ shop: true, driver: expected.driver });
    expect(contactVisibility(me([], true), d)).toEqual({ shop: true, driver: false });
    expect(contactVisibility(null, d)).toEqual({ shop: false, driver: false });
  });
});
