import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URGENT_RELEASE_MINUTES } from '../../src/donations/rules.js';
import { saveChoices } from '../../src/notifications/choices.js';
import { apiAs, buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const MIN = 60_000;
let places = 0;

/** A shop and 8 associations around it, each with one phone subscribed (waves of 5 by default). */
async function world() {
  const { app, clock } = buildApp(t.db);
  const lng = 4.8344 + ++places * 0.5; // each test far from the others
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  const assocs = [];
  for (let i = 0; i < 8; i++) {
    const a = await createOrgWithUser(t.db, 'association', {
      lat: 45.7676 + (i + 1) * 0.004, // 450 m further each, so the waves keep their order
      lng,
      radius_km: 10,
    });
    await t.db
      .insertInto('push_subscriptions')
      .values({
        user_id: a.user.id,
        endpoint: `https://push.example.org/${a.user.id}`,
        p256dh:
          'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
        auth: 'tBHItJI5svbpez7KI4CCXg',
        user_agent: 'test',
      })
      .execute();
    assocs.push(a);
  }
  const shopApi = await apiAs(app, shop.user.email, PASSWORD);
  const claimer = await apiAs(app, assocs[0].user.email, PASSWORD);
  return { app, clock, shop, assocs, shopApi, claimer };
}

async function postClaimRelease(
  w: Awaited<ReturnType<typeof world>>,
  minutesLeftAtRelease: number,
) {
  const now = w.clock.now().getTime();
  const posted = await w.shopApi.post('/donations', {
    category: 'bakery',
    description: '20 baguettes',
    quantityKg: 5,
    storage: 'ambient',
    pickupFrom: new Date(now).toISOString(),
    pickupUntil: new Date(now + (minutesLeftAtRelease + 5) * MIN).toISOString(),
  });
  expect(posted.status).toBe(201);
  const id = posted.body.id as number;
  expect((await w.claimer.post(`/donations/${id}/claim`)).status).toBe(200);
  w.clock.advance(5 * MIN);
  const released = await w.claimer.delete(`/donations/${id}/claim`, { reason: 'no_driver' });
  expect(released.status).toBe(200);
  return id;
}

/** The urgent messages queued for each association's phone (rows without a donation id). */
async function urgentTitles(users: { id: number }[]) {
  const rows = await t.db
    .selectFrom('push_deliveries as p')
    .innerJoin('push_subscriptions as s', 's.id', 'p.subscription_id')
    .select(['s.user_id', 'p.payload'])
    .where(
      's.user_id',
      'in',
      users.map((u) => u.id),
    )
    .where('p.donation_id', 'is', null)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, payload: r.payload }));
}

describe(`a release close to the window's end (${process.env.TEST_DB})`, () => {
  it(`with under ${URGENT_RELEASE_MINUTES} min left, every other fitting association is told at once, as urgent`, async () => {
    const w = await world();
    const id = await postClaimRelease(w, URGENT_RELEASE_MINUTES - 20);
    const others = w.assocs.slice(1).map((a) => a.user);
    const urgent = await urgentTitles(w.assocs.map((a) => a.user));
    // the 7 others, the ones of wave 1 already told and those of wave 2 not yet; not the releaser
    expect(urgent.map((u) => u.userId).sort()).toEqual(others.map((u) => u.id).sort());
    for (const u of urgent) {
      expect(u.payload.title).toMatch(
        /^URGENT, à reprendre tout de suite · Don à .* : Boulangerie$/,
      );
      expect(u.payload.url).toBe(`/donations/${id}`);
    }
    // all waves at once: nothing left for the escalation job
    const targets = await t.db
      .selectFrom('notification_targets')
      .select(['association_id', 'told_at'])
      .where('donation_id', '=', id)
      .execute();
    expect(targets.filter((r) => r.told_at == null)).toEqual([]);
    expect(targets.map((r) => r.association_id).sort()).toEqual(
      w.assocs.map((a) => a.org.id).sort(),
    );
  });

  it('a member who chose no push for alerts gets no urgent push either', async () => {
    const w = await world();
    const quiet = w.assocs[2].user;
    await saveChoices(t.db, quiet.id, { kinds: { donation_alert: ['email'] } }, w.clock.now());
    await postClaimRelease(w, URGENT_RELEASE_MINUTES - 20);
    const told = (await urgentTitles(w.assocs.map((a) => a.user))).map((u) => u.userId);
    expect(told).toHaveLength(6);
    expect(told).not.toContain(quiet.id);
  });

  it('with more time left, nobody gets an urgent message and the later wave still waits', async () => {
    const w = await world();
    const id = await postClaimRelease(w, URGENT_RELEASE_MINUTES + 30);
    expect(await urgentTitles(w.assocs.map((a) => a.user))).toEqual([]);
    const untold = await t.db
      .selectFrom('notification_targets')
      .select('association_id')
      .where('donation_id', '=', id)
      .where('told_at', 'is', null)
      .execute();
    expect(untold.length).toBe(3); // wave 2 of 8 associations by 5
  });
});
