import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { donationForm } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

// the test clock: Friday 27 November 2026, 09:00 in Paris
const latest = async (shopId: number) =>
  t.db
    .selectFrom('donations')
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();

describe(`a window past midnight in Paris (${process.env.TEST_DB})`, () => {
  it('is posted, shown on the edit form with its end day, and saved again through it', async () => {
    const { app } = buildApp(t.db);
    const shop = await createOrgWithUser(t.db, 'shop');
    const client = await signedIn(app, shop.user.email, PASSWORD);
    const late = { pickupFromTime: '23:00', pickupUntilTime: '00:30' };
    const posted = await client.post(
      '/donations',
      donationForm({ ...late, pickupUntilDate: '2026-11-28' }),
    );
    expect(posted.status).toBe(303);
    const d = await latest(shop.org.id);
    expect(d.pickup_from.toISOString()).toBe('2026-11-27T22:00:00.000Z');
    expect(d.pickup_until.toISOString()).toBe('2026-11-27T23:30:00.000Z');

    const edit = await (await client.get(`/donations/${d.id}/edit`)).text();
    expect(edit).toMatch(/name="pickupUntilDate"[^>]*value="2026-11-28"/);
    // what the browser sends back, with one change: half an hour later
    const saved = await client.post(
      `/donations/${d.id}/edit`,
      donationForm({ ...late, pickupUntilTime: '01:00', pickupUntilDate: '2026-11-28' }),
    );
    expect(saved.status).toBe(303);
    const after = await latest(shop.org.id);
    expect(after.id).toBe(d.id);
    expect(after.pickup_until.toISOString()).toBe('2026-11-28T00:00:00.000Z');
  });

  it('without an end day the end must follow the start; an end two days later is refused', async () => {
    const { app } = buildApp(t.db);
    const shop = await createOrgWithUser(t.db, 'shop');
    const client = await signedIn(app, shop.user.email, PASSWORD);
    const sameDay = await client.post(
      '/donations',
      donationForm({ pickupFromTime: '23:00', pickupUntilTime: '00:30' }),
    );
    expect(sameDay.status).toBe(422);
    const far = await client.post(
      '/donations',
      donationForm({
        pickupFromTime: '23:00',
        pickupUntilTime: '00:30',
        pickupUntilDate: '2026-11-29',
      }),
    );
    expect(far.status).toBe(422);
    for (const bad of ['2026-02-31', 'demain', ''.padEnd(200, '9')]) {
      const res = await client.post('/donations', donationForm({ pickupUntilDate: bad }));
      expect(res.status).toBe(422);
    }
    const { count } = await t.db
      .selectFrom('donations')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('shop_id', '=', shop.org.id)
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(0);
  });
});
