import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../../src/mail/templates.js';
import { escalateWaves, planNotifications } from '../../src/notifications/outbox.js';
import { DEFAULT_WAVES } from '../../src/notifications/planning.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { associationAt, newPlace, postDonationAt, shopAt } from '../notifications/factories.js';
import { createDonation } from '../helpers/donation-factories.js';

// Issue 19, what was left: a hub's partner without a fridge is told of chilled food it may claim
// through the hub (the rule of its feed), in the waves and on the channels its members chose,
// and the alert says "via the hub"; an association with no accepted hub is not told. Both engines.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const FRIDAY_9 = new Date('2026-11-27T09:00:00+01:00');
const MIN = 60_000;
const noFridge = { storage_chilled: false, storage_frozen: false };

/** A hub 1 km from a shop, its accepted partner without a fridge 2 km away, another only invited. */
async function world() {
  const place = newPlace();
  const shop = await shopAt(t.db, place);
  const hub = await associationAt(t.db, place, 1, { storage_chilled: true, name: 'Resto du Cœur' });
  const partner = await associationAt(t.db, place, 2, noFridge, 2);
  const invited = await associationAt(t.db, place, 2.5, noFridge);
  const alone = await associationAt(t.db, place, 1.5, noFridge);
  await t.db
    .updateTable('users')
    .set({ lang: 'en' })
    .where('id', '=', partner.users[1].id)
    .execute();
  await t.db
    .insertInto('hubs')
    .values({
      organisation_id: hub.org.id,
      capacity_chilled_kg: 50,
      capacity_frozen_kg: 0,
      opening_hours: 'du lundi au vendredi, 9 h - 18 h',
    })
    .execute();
  await t.db
    .insertInto('hub_partners')
    .values([
      { hub_id: hub.org.id, partner_id: partner.org.id, status: 'accepted', invited_at: FRIDAY_9 },
      { hub_id: hub.org.id, partner_id: invited.org.id, status: 'invited', invited_at: FRIDAY_9 },
    ])
    .execute();
  return { shop, hub, partner, invited, alone };
}

const chilled = { storage: 'chilled', category: 'dairy', description: 'Yaourts', quantity_kg: 5 };

const targets = (donationId: number) =>
  t.db
    .selectFrom('notification_targets')
    .select(['association_id', 'via_hub_id', 'wave', 'told_at'])
    .where('donation_id', '=', donationId)
    .orderBy('rank')
    .execute();

const mailsTo = (userId: number, donationId: number) =>
  t.db
    .selectFrom('push_deliveries')
    .select(['channel', 'payload'])
    .where('user_id', '=', userId)
    .where('donation_id', '=', donationId)
    .where('channel', '=', 'email')
    .execute();

describe('the alert of a chilled donation to a hub partner without a fridge', () => {
  it('tells the accepted partner, via the hub, by e-mail in its language; not the others', async () => {
    const w = await world();
    const d = await postDonationAt(t.db, w.shop.id, FRIDAY_9, chilled);
    const rows = await targets(d.id);
    expect(rows.map((r) => r.association_id)).toEqual([w.hub.org.id, w.partner.org.id]);
    expect(rows.find((r) => r.association_id === w.partner.org.id)).toMatchObject({
      via_hub_id: w.hub.org.id,
      wave: 1,
    });
    expect(rows.find((r) => r.association_id === w.hub.org.id)!.via_hub_id).toBeNull();
    // the partner's members, no device: by e-mail (the default), saying it is via the hub
    const [fr] = await mailsTo(w.partner.users[0].id, d.id);
    const m = fr.payload as any;
    expect(m.params.hub).toBe('Resto du Cœur');
    const frText = render(m.template, 'fr', m.params, { donation: 'https://x/d' });
    expect(frText.subject).toMatch(/^Via le relais Resto du Cœur · Don à/);
    expect(frText.text).toContain('votre relais froid Resto du Cœur peut le garder pour vous');
    const [en] = await mailsTo(w.partner.users[1].id, d.id);
    const enText = render(m.template, 'en', (en.payload as any).params, { donation: 'x' });
    expect(enText.subject).toMatch(/^Via the hub Resto du Cœur · Donation/);
    expect(enText.text).toContain('claim it "via the hub"');
    // the hub itself is told as before, without a hub
    const hubMail = (await mailsTo(w.hub.users[0].id, d.id))[0].payload as any;
    expect(hubMail.params.hub).toBeUndefined();
    // no accepted hub: neither the invited one nor the one alone hears of it
    expect(await mailsTo(w.invited.users[0].id, d.id)).toEqual([]);
    expect(await mailsTo(w.alone.users[0].id, d.id)).toEqual([]);
  });

  it('in a later wave, the partner is told then, still via the hub', async () => {
    const w = await world();
    const waves = { ...DEFAULT_WAVES, waveSize: 1 };
    const d = await postDonationAt(t.db, w.shop.id, FRIDAY_9, chilled, waves);
    expect((await targets(d.id)).map((r) => [r.association_id, r.wave, r.via_hub_id])).toEqual([
      [w.hub.org.id, 1, null],
      [w.partner.org.id, 2, w.hub.org.id],
    ]);
    expect(await mailsTo(w.partner.users[0].id, d.id)).toEqual([]);
    await escalateWaves(t.db, new Date(FRIDAY_9.getTime() + 10 * MIN));
    const [mail] = await mailsTo(w.partner.users[0].id, d.id);
    expect((mail.payload as any).params.hub).toBe('Resto du Cœur');
  });

  it('with a device, the push says via the hub; an ambient donation is not offered via it', async () => {
    const w = await world();
    await t.db
      .insertInto('push_subscriptions')
      .values({
        user_id: w.partner.users[0].id,
        endpoint: `https://push.example.org/${w.partner.users[0].id}`,
        p256dh:
          'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
        auth: 'tBHItJI5svbpez7KI4CCXg',
        user_agent: 'test',
      })
      .execute();
    const d = await postDonationAt(t.db, w.shop.id, FRIDAY_9, chilled);
    const push = await t.db
      .selectFrom('push_deliveries as pd')
      .innerJoin('push_subscriptions as s', 's.id', 'pd.subscription_id')
      .select('pd.payload')
      .where('s.user_id', '=', w.partner.users[0].id)
      .where('pd.donation_id', '=', d.id)
      .executeTakeFirstOrThrow();
    expect((push.payload as any).title).toMatch(/^Via le relais Resto du Cœur · Don à/);
    // food the partner could keep itself is offered to it for itself (here: none, ambient fits all)
    const ambient = await postDonationAt(t.db, w.shop.id, FRIDAY_9, { storage: 'ambient' });
    const row = (await targets(ambient.id)).find((r) => r.association_id === w.partner.org.id);
    expect(row?.via_hub_id).toBeNull();
  });

  it('is set-based: as many statements for six partners as for one', async () => {
    const statementsFor = async (partners: number) => {
      const w = await world();
      for (let i = 1; i < partners; i++) {
        const p = await associationAt(t.db, w.shop, 2 + i / 10, noFridge);
        await t.db
          .insertInto('hub_partners')
          .values({
            hub_id: w.hub.org.id,
            partner_id: p.org.id,
            status: 'accepted',
            invited_at: FRIDAY_9,
          })
          .execute();
      }
      const d = await t.db
        .insertInto('donations')
        .values({
          shop_id: w.shop.id,
          ...chilled,
          pickup_from: FRIDAY_9,
          pickup_until: new Date(FRIDAY_9.getTime() + 3 * 3_600_000),
          created_at: FRIDAY_9,
          lat: w.shop.lat,
          lng: w.shop.lng,
        } as any)
        .returningAll()
        .executeTakeFirstOrThrow();
      let n = 0;
      const counter: KyselyPlugin = {
        transformQuery: (args) => (n++, args.node),
        transformResult: async (args) => args.result,
      };
      await planNotifications(t.db.withPlugin(counter), d, FRIDAY_9);
      const told = (await targets(d.id)).filter((r) => r.via_hub_id === w.hub.org.id);
      expect(told).toHaveLength(partners);
      expect(n).toBeGreaterThan(3); // the counter counts
      return n;
    };
    expect(await statementsFor(6)).toBe(await statementsFor(1));
  });
  it("the partner's open pages hear of it as it is posted (the live event's audience), not the invited", async () => {
    const w = await world();
    const d = await createDonation(t.db, {
      shopId: w.shop.id,
      ...chilled,
      storage: 'chilled' as const,
      pickup_from: new Date(FRIDAY_9.getTime() + 30 * MIN),
      pickup_until: new Date(FRIDAY_9.getTime() + 240 * MIN),
      date_kind: 'use_by',
      product_date: '2026-12-05',
    });
    const planned = await planNotifications(t.db, d, FRIDAY_9, DEFAULT_WAVES);
    expect(planned.fitting).toContain(w.partner.org.id);
    expect(planned.fitting).toContain(w.hub.org.id);
    expect(planned.fitting).not.toContain(w.invited.org.id);
    expect(planned.fitting).not.toContain(w.alone.org.id);
    expect(planned.reachable).toBe(planned.fitting.length);
  });
});
