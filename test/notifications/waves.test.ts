import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateWaves } from '../../src/notifications/outbox.js';
import {
  DEFAULT_WAVES,
  orderCandidates,
  slotMeetsWindow,
} from '../../src/notifications/planning.js';
import { readConfig } from '../../src/config.js';
import { apiAs, buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import {
  associationAt,
  deliveries,
  newPlace,
  postDonationAt,
  shopAt,
  subscribe,
} from './factories.js';
import { FakePushService } from './push-service.js';

let t: TestDatabase;
const push = new FakePushService();
const FRIDAY_9 = new Date('2026-11-27T09:00:00+01:00');
const MIN = 60_000;

beforeAll(async () => {
  t = await openTestDatabase();
  await push.start();
});
afterAll(async () => {
  await push.stop();
  await t?.close();
});

/** n associations 0.6 km apart from 0.6 km, each with one member and one device. */
async function ring(n: number, start = 0.6) {
  const place = newPlace();
  const shop = await shopAt(t.db, place);
  const assocs = [];
  for (let i = 0; i < n; i++) {
    const a = await associationAt(t.db, place, start + i * 0.6);
    await subscribe(t.db, a.users[0].id, push.device());
    assocs.push(a);
  }
  return { place, shop, assocs };
}

const toldOrgs = async (donationId: number) =>
  (
    await t.db
      .selectFrom('notification_targets')
      .select('association_id')
      .where('donation_id', '=', donationId)
      .where('told_at', 'is not', null)
      .orderBy('rank')
      .execute()
  ).map((r) => r.association_id);

describe('waves', () => {
  it('tells the nearest 5 at once, the next ones 10 minutes later, while nobody has claimed', async () => {
    const { shop, assocs } = await ring(7);
    const d = await postDonationAt(t.db, shop.id, FRIDAY_9);
    expect(await toldOrgs(d.id)).toEqual(assocs.slice(0, 5).map((a) => a.org.id));
    expect((await deliveries(t.db, d.id)).map((r) => r.user_id)).toEqual(
      assocs.slice(0, 5).map((a) => a.users[0].id),
    );

    expect(await escalateWaves(t.db, new Date(FRIDAY_9.getTime() + 9 * MIN))).toEqual({
      donations: 0,
      queued: 0,
    });
    expect(await escalateWaves(t.db, new Date(FRIDAY_9.getTime() + 10 * MIN))).toEqual({
      donations: 1,
      queued: 2,
    });
    expect(await toldOrgs(d.id)).toEqual(assocs.map((a) => a.org.id));
    // twice is the same as once
    expect((await escalateWaves(t.db, new Date(FRIDAY_9.getTime() + 11 * MIN))).queued).toBe(0);
    expect(await deliveries(t.db, d.id)).toHaveLength(7);
  });

  it('tells nobody else once the donation is claimed or cancelled', async () => {
    const { shop, assocs } = await ring(6);
    const claimed = await postDonationAt(t.db, shop.id, FRIDAY_9);
    const cancelled = await postDonationAt(t.db, shop.id, FRIDAY_9);
    await t.db
      .updateTable('donations')
      .set({ status: 'claimed', claimed_by: assocs[0].org.id, claimed_at: FRIDAY_9 })
      .where('id', '=', claimed.id)
      .execute();
    await t.db
      .updateTable('donations')
      .set({ status: 'cancelled' })
      .where('id', '=', cancelled.id)
      .execute();
    await escalateWaves(t.db, new Date(FRIDAY_9.getTime() + 10 * MIN));
    expect(await deliveries(t.db, claimed.id)).toHaveLength(5);
    expect(await deliveries(t.db, cancelled.id)).toHaveLength(5);
  });

  it('never plans a wave at or after the end of the window', async () => {
    const { shop } = await ring(12);
    const d = await postDonationAt(t.db, shop.id, FRIDAY_9, {
      pickup_until: new Date(FRIDAY_9.getTime() + 15 * MIN),
    });
    const waves = await t.db
      .selectFrom('notification_targets')
      .select(['wave'])
      .where('donation_id', '=', d.id)
      .execute();
    expect(waves.map((w) => w.wave).sort()).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expect((await escalateWaves(t.db, new Date(FRIDAY_9.getTime() + 16 * MIN))).queued).toBe(0); // window over
  });

  it('skips associations whose pickup days or slot miss the window (Paris time)', async () => {
    const place = newPlace();
    const shop = await shopAt(t.db, place);
    const notFriday = await associationAt(t.db, place, 0.5, {
      pickup_days: JSON.stringify([1, 2, 3, 4]),
    });
    const afternoon = await associationAt(t.db, place, 1.1, {
      pickup_from: '14:00',
      pickup_until: '16:00',
    });
    const lateMorning = await associationAt(t.db, place, 1.7, {
      pickup_from: '11:00',
      pickup_until: '13:00',
    });
    const anyTime = await associationAt(t.db, place, 2.3, { pickup_days: JSON.stringify([5]) });
    // window 09:00-12:00 Paris on a Friday
    const d = await postDonationAt(t.db, shop.id, FRIDAY_9);
    const told = await toldOrgs(d.id);
    expect(told).toEqual([lateMorning.org.id, anyTime.org.id]);
    expect(told).not.toContain(notFriday.org.id);
    expect(told).not.toContain(afternoon.org.id);
  });

  it('among associations at about the same distance, the one that received least lately goes first', async () => {
    const place = newPlace();
    const shop = await shopAt(t.db, place);
    const busy = await associationAt(t.db, place, 1.0);
    const quiet = await associationAt(t.db, place, 1.3);
    const far = await associationAt(t.db, place, 3.0);
    for (let i = 0; i < 3; i++) {
      const past = await postDonationAt(
        t.db,
        shop.id,
        new Date(FRIDAY_9.getTime() - (i + 2) * 86_400_000),
      );
      await t.db
        .updateTable('donations')
        .set({ status: 'picked_up', claimed_by: busy.org.id, claimed_at: past.pickup_from })
        .where('id', '=', past.id)
        .execute();
    }
    const d = await postDonationAt(t.db, shop.id, FRIDAY_9, {}, { ...DEFAULT_WAVES, waveSize: 1 });
    const plan = await t.db
      .selectFrom('notification_targets')
      .select(['association_id', 'wave'])
      .where('donation_id', '=', d.id)
      .orderBy('rank')
      .execute();
    expect(plan).toEqual([
      { association_id: quiet.org.id, wave: 1 },
      { association_id: busy.org.id, wave: 2 },
      { association_id: far.org.id, wave: 3 },
    ]);
  });

  it('plans with the operator’s wave size and delay (PUSH_WAVE_SIZE, PUSH_WAVE_MINUTES) when a shop posts', async () => {
    const place = newPlace();
    const { user: shopUser } = await createOrgWithUser(t.db, 'shop', { ...place });
    const near = await associationAt(t.db, place, 1);
    const far = await associationAt(t.db, place, 2);
    const { waves } = readConfig({ PUSH_WAVE_SIZE: '1', PUSH_WAVE_MINUTES: '3' });
    const { app } = buildApp(t.db, {
      config: { pushAllowInsecureEndpoints: true, vapidSubject: 'mailto:test@example.org', waves },
    });
    const api = await apiAs(app, shopUser.email, PASSWORD);
    const res = await api.post('/donations', {
      category: 'bakery',
      description: 'Pain',
      quantityKg: 4,
      storage: 'ambient',
      pickupFrom: FRIDAY_9.toISOString(),
      pickupUntil: new Date(FRIDAY_9.getTime() + 3 * 3600_000).toISOString(),
    });
    expect(res.status).toBe(201);
    const plan = await t.db
      .selectFrom('notification_targets')
      .select(['association_id', 'wave', 'due_at'])
      .where('donation_id', '=', res.body.id)
      .orderBy('rank')
      .execute();
    expect(plan.map((r) => [r.association_id, r.wave, new Date(r.due_at).getTime()])).toEqual([
      [near.org.id, 1, FRIDAY_9.getTime()],
      [far.org.id, 2, FRIDAY_9.getTime() + 3 * MIN],
    ]);
  });

  it('writes the payload in each member’s language: what, kg, how far, until when', async () => {
    const place = newPlace();
    const shop = await shopAt(t.db, place);
    const fr = await associationAt(t.db, place, 1.5);
    const en = await associationAt(t.db, place, 2.3, {}, 1, 'en');
    await subscribe(t.db, fr.users[0].id, push.device());
    await subscribe(t.db, en.users[0].id, push.device());
    const d = await postDonationAt(t.db, shop.id, FRIDAY_9, {
      quantity_kg: 12.5,
      description: 'Baguettes <b>du jour</b>',
    });
    const rows = await deliveries(t.db, d.id);
    const byUser = new Map(rows.map((r) => [r.user_id, r.payload]));
    expect(byUser.get(fr.users[0].id)).toEqual({
      title: 'Don à 1,5 km : Boulangerie',
      body: '12,5 kg · Baguettes <b>du jour</b> · à prendre avant ven. 27 nov., 12:00',
      url: `/donations/${d.id}`,
      donationId: d.id,
    });
    expect(byUser.get(en.users[0].id)).toMatchObject({
      title: 'Donation 2.3 km away: Bakery',
      url: `/donations/${d.id}`,
    });
    expect(byUser.get(en.users[0].id)!.body).toMatch(
      /^12\.5 kg · .* · pick up before Fri 27 Nov, 12:00$/,
    );
  });

  it('sends one message per device, even to a member of two told associations; none to unapproved ones', async () => {
    const place = newPlace();
    const shop = await shopAt(t.db, place);
    const a = await associationAt(t.db, place, 1);
    const b = await associationAt(t.db, place, 2);
    const unapproved = await associationAt(t.db, place, 0.2, { approved: false });
    await subscribe(t.db, unapproved.users[0].id, push.device());
    const both = await createUser(t.db, { organisationId: a.org.id, role: 'member' });
    await t.db
      .insertInto('memberships')
      .values({ user_id: both.id, organisation_id: b.org.id, role: 'member' })
      .execute();
    const dev = await subscribe(t.db, both.id, push.device());
    const d = await postDonationAt(t.db, shop.id, FRIDAY_9);
    const rows = await deliveries(t.db, d.id);
    expect(rows.map((r) => r.subscription_id)).toEqual([dev.id]);
    expect(rows[0].payload.title).toContain('1 km');
  });
});

describe('rules of the plan (pure)', () => {
  const at = (s: string) => new Date(s);
  it.each([
    [
      'any day, any time',
      { pickup_days: [1, 2, 3, 4, 5, 6, 7], pickup_from: null, pickup_until: null },
      '2026-11-27T09:00:00+01:00',
      '2026-11-27T12:00:00+01:00',
      true,
    ],
    [
      'no day',
      { pickup_days: [], pickup_from: null, pickup_until: null },
      '2026-11-27T09:00:00+01:00',
      '2026-11-27T12:00:00+01:00',
      false,
    ],
    [
      'slot ends as the window starts',
      { pickup_days: [5], pickup_from: '07:00', pickup_until: '09:00' },
      '2026-11-27T09:00:00+01:00',
      '2026-11-27T12:00:00+01:00',
      false,
    ],
    [
      'slot overlaps the end',
      { pickup_days: [5], pickup_from: '11:30', pickup_until: '18:00' },
      '2026-11-27T09:00:00+01:00',
      '2026-11-27T12:00:00+01:00',
      true,
    ],
    [
      'next day in a long window',
      { pickup_days: [6], pickup_from: '10:00', pickup_until: '11:00' },
      '2026-11-27T09:00:00+01:00',
      '2026-11-28T12:00:00+01:00',
      true,
    ],
    [
      'overnight slot (Thursday 22:00 - 02:00) meets Friday 01:00',
      { pickup_days: [4], pickup_from: '22:00', pickup_until: '02:00' },
      '2026-11-27T01:00:00+01:00',
      '2026-11-27T03:00:00+01:00',
      true,
    ],
    [
      'summer time: 09:00 Paris is 07:00 UTC',
      { pickup_days: [1, 2, 3, 4, 5, 6, 7], pickup_from: '08:00', pickup_until: '09:00' },
      '2026-07-03T07:00:00Z',
      '2026-07-03T10:00:00Z',
      false,
    ],
  ])('%s', (_name, slots, from, until, expected) => {
    expect(slotMeetsWindow(slots, at(from), at(until))).toBe(expected);
  });

  it('groups by about the same distance, not by rounding', () => {
    const order = orderCandidates([
      { association_id: 1, distance_km: 1.0, recent: 5 },
      { association_id: 2, distance_km: 1.4, recent: 0 },
      { association_id: 3, distance_km: 1.6, recent: 0 },
      { association_id: 4, distance_km: 0.2, recent: 9 },
    ]);
    expect(order.map((c) => c.association_id)).toEqual([4, 2, 1, 3]);
    expect(DEFAULT_WAVES.waveSize).toBe(5);
  });
});
