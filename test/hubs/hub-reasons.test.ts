import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDonations } from '../../src/donations/expiry.js';
import { whoCouldTake } from '../../src/donations/reach.js';
import { render } from '../../src/mail/templates.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser } from '../helpers/factories.js';
import { associationAt, newPlace, postDonationAt, shopAt } from '../notifications/factories.js';

// Issue 19, what was left: the shop's reasons (at posting, and in "nobody took it") know relay
// hubs. A partner without a fridge that may claim the chilled food through its hub could take it:
// the reasons never say that the associations near have no fridge because of it. Both engines.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const FRIDAY_9 = new Date('2026-11-27T09:00:00+01:00');
const H = 3_600_000;
const chilled = { storage: 'chilled', category: 'dairy', description: 'Yaourts', quantity_kg: 5 };

/**
 * A shop with one association near it, without a fridge (`partner`), and a hub 6 km away whose
 * own radius (3 km) does not reach the shop: the hub cannot take the food for itself.
 */
async function world(partnership: 'accepted' | 'invited') {
  const place = newPlace();
  const shop = await shopAt(t.db, place);
  const shopUser = await createUser(t.db, { organisationId: shop.id, role: 'manager' });
  const hub = await associationAt(t.db, place, 6, { storage_chilled: true, radius_km: 3 });
  const partner = await associationAt(t.db, place, 1, {
    storage_chilled: false,
    storage_frozen: false,
    radius_km: 5,
  });
  await t.db
    .insertInto('hubs')
    .values({
      organisation_id: hub.org.id,
      capacity_chilled_kg: 50,
      capacity_frozen_kg: 0,
      opening_hours: 'tous les jours, 8 h - 20 h',
    })
    .execute();
  await t.db
    .insertInto('hub_partners')
    .values({
      hub_id: hub.org.id,
      partner_id: partner.org.id,
      status: partnership,
      invited_at: FRIDAY_9,
    })
    .execute();
  return { shop, shopUser, hub, partner };
}

/** The "nobody took it" e-mail to the shop's manager, in French, once the window ended. */
async function unclaimedMail(shopUserId: number, donationId: number) {
  await expireDonations(t.db, new Date(FRIDAY_9.getTime() + 4 * H));
  const row = await t.db
    .selectFrom('push_deliveries')
    .select('payload')
    .where('user_id', '=', shopUserId)
    .where('donation_id', '=', donationId)
    .where('channel', '=', 'email')
    .executeTakeFirstOrThrow();
  const m = row.payload as any;
  expect(m.template).toBe('donation_unclaimed');
  return { params: m.params, text: render(m.template, 'fr', m.params, { donation: 'x' }).text };
}

describe('the reasons of a chilled donation, with a relay hub', () => {
  it('a partner that may claim it via its hub could take it: no "no fridge" reason', async () => {
    const w = await world('accepted');
    const d = await postDonationAt(t.db, w.shop.id, FRIDAY_9, chilled);
    expect(await whoCouldTake(t.db, d.id)).toEqual({ associations: 1, reasons: [] });
    const mail = await unclaimedMail(w.shopUser.id, d.id);
    expect(JSON.parse(mail.params.why).excluded).not.toContainEqual(
      expect.objectContaining({ rule: 'storage' }),
    );
    expect(mail.text).not.toMatch(/réfrigérateur/);
  });

  it('nobody told because no slot met the window: the reasons say nothing of fridges', async () => {
    const w = await world('accepted');
    // the partner picks up on no day: it is not told, and the shop reads the matching's reasons
    await t.db
      .updateTable('organisations')
      .set({ pickup_days: JSON.stringify([]) })
      .where('id', '=', w.partner.org.id)
      .execute();
    const d = await postDonationAt(t.db, w.shop.id, FRIDAY_9, chilled);
    const mail = await unclaimedMail(w.shopUser.id, d.id);
    expect(mail.params.told).toBe(0);
    expect(JSON.parse(mail.params.reasons)).toEqual([]);
    expect(mail.text).not.toMatch(/réfrigérateur/);
  });

  it('a partner whose hub it has not accepted: the reason stays, at posting and after', async () => {
    const w = await world('invited');
    const d = await postDonationAt(t.db, w.shop.id, FRIDAY_9, chilled);
    expect(await whoCouldTake(t.db, d.id)).toEqual({
      associations: 0,
      reasons: [{ rule: 'storage', associations: 1, storage: 'chilled' }],
    });
    const mail = await unclaimedMail(w.shopUser.id, d.id);
    expect(mail.params.told).toBe(0);
    expect(mail.text).toMatch(/Une association proche n’a pas de réfrigérateur pour le frais/);
  });
});
