import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsForCron } from '../../src/cloudflare/crons.js';
import { JOBS, runJobsForSlot } from '../../src/jobs/jobs.js';
import { render } from '../../src/mail/templates.js';
import { fromParisHour } from '../../src/notifications/scheduled/jobs.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrganisation, createUser } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const hourly = jobsForCron('0 * * * *');
/** One hourly slot of the Workers trigger (the same job functions as node-cron's), at `iso`. */
const run = (iso: string) =>
  runJobsForSlot({ db: t.db, now: () => new Date(iso) }, new Date(iso), hourly, 'test');
const outbox = (userId: number) =>
  t.db
    .selectFrom('push_deliveries')
    .select(['channel', 'message_key', 'payload'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
const params = (row: { payload: unknown }) =>
  (row.payload as { params: Record<string, string | number> }).params;

describe('a scheduled run missed while the process was down is caught up that day, once', () => {
  it('acts from its Paris hour to midnight, on its day only (winter and summer time)', () => {
    // 19:00 Paris is 18:00 UTC in winter, 17:00 UTC in summer
    expect(fromParisHour(new Date('2026-12-03T17:59:00Z'), 19)).toBe(false);
    expect(fromParisHour(new Date('2026-12-03T18:00:00Z'), 19)).toBe(true);
    expect(fromParisHour(new Date('2026-12-03T22:59:00Z'), 19)).toBe(true);
    expect(fromParisHour(new Date('2026-12-03T23:00:00Z'), 19)).toBe(false); // the next day
    expect(fromParisHour(new Date('2026-07-03T17:00:00Z'), 19)).toBe(true);
    // Monday 30 November 2026, 08:00 Paris and later that Monday only
    expect(fromParisHour(new Date('2026-11-30T06:59:00Z'), 8, { weekday: 1 })).toBe(false);
    expect(fromParisHour(new Date('2026-11-30T15:00:00Z'), 8, { weekday: 1 })).toBe(true);
    expect(fromParisHour(new Date('2026-12-01T07:00:00Z'), 8, { weekday: 1 })).toBe(false);
    expect(fromParisHour(new Date('2026-12-01T10:00:00Z'), 9, { monthDay: 1 })).toBe(true);
    expect(fromParisHour(new Date('2026-12-02T10:00:00Z'), 9, { monthDay: 1 })).toBe(false);
  });

  it("Node's cron runs these jobs every hour from their hour to midnight", () => {
    const cron = Object.fromEntries(JOBS.map((j) => [j.name, j.cron]));
    expect(cron['pickups-tomorrow']).toBe('0 19-23 * * *');
    expect(cron['weekly-summary']).toBe('0 8-23 * * 1');
    expect(cron['receipt-ready']).toBe('0 9-23 1 * *');
  });

  it('the evening list: down at 19:00 and 20:00, sent at 21:00, not again at 22:00 nor the next day', async () => {
    const shop = await createOrganisation(t.db, 'shop');
    const a = await createOrganisation(t.db, 'association');
    const driver = await createUser(t.db, { organisationId: a.id, role: 'member' });
    await createDonation(t.db, {
      shopId: shop.id,
      created_at: '2026-12-03T08:00:00Z',
      pickup_from: '2026-12-04T08:00:00Z', // 09:00 Paris, the next morning
      pickup_until: '2026-12-04T09:00:00Z',
      status: 'claimed',
      claimed_by: a.id,
      claimed_by_user: driver.id,
      claimed_at: '2026-12-03T09:00:00Z',
      handover_code: '1234',
    });
    await run('2026-12-03T17:00:00Z'); // 18:00 Paris: not yet
    expect(await outbox(driver.id)).toEqual([]);
    await run('2026-12-03T20:00:00Z'); // 21:00 Paris: the first run since 19:00
    const rows = await outbox(driver.id);
    expect(rows.map((r) => [r.channel, r.message_key])).toEqual([
      ['email', 'pickups_tomorrow:2026-12-04'],
    ]);
    expect(params(rows[0]).time0).toBe('09:00–10:00');
    await run('2026-12-03T21:00:00Z'); // 22:00 Paris
    await run('2026-12-03T22:00:00Z'); // 23:00 Paris
    await run('2026-12-04T00:00:00Z'); // 01:00 Paris the next day: that morning's list is past
    expect(await outbox(driver.id)).toHaveLength(1);
  });

  it('the weekly summary: down on Monday at 08:00, sent at 11:00, once; nothing on Tuesday', async () => {
    const shop = await createOrganisation(t.db, 'shop', { name: 'Épicerie Rivière' });
    const a = await createOrganisation(t.db, 'association');
    const manager = await createUser(t.db, { organisationId: shop.id, role: 'manager' });
    const given = await createDonation(t.db, {
      shopId: shop.id,
      created_at: '2026-11-25T08:00:00+01:00',
      pickup_from: '2026-11-25T09:00:00+01:00',
      pickup_until: '2026-11-25T12:00:00+01:00',
    });
    await markPickedUp(t.db, given.id, { associationId: a.id, at: '2026-11-25T10:00:00+01:00' });
    await run('2026-11-30T06:00:00Z'); // 07:00 Paris
    expect(await outbox(manager.id)).toEqual([]);
    await run('2026-11-30T10:00:00Z'); // 11:00 Paris, the first run since 08:00
    await run('2026-11-30T11:00:00Z');
    await run('2026-11-30T22:00:00Z'); // 23:00 Paris
    await run('2026-12-01T07:00:00Z'); // Tuesday 08:00 Paris
    expect((await outbox(manager.id)).map((r) => r.message_key)).toEqual([
      'weekly_summary:2026-W48',
    ]);
  });

  it('the receipt of the month: down at 09:00 on the 1st, sent at 15:00, once', async () => {
    const shop = await createOrganisation(t.db, 'shop');
    const a = await createOrganisation(t.db, 'association');
    const manager = await createUser(t.db, { organisationId: shop.id, role: 'manager' });
    const nov = await createDonation(t.db, {
      shopId: shop.id,
      created_at: '2026-11-10T08:00:00+01:00',
      pickup_from: '2026-11-10T09:00:00+01:00',
      pickup_until: '2026-11-10T12:00:00+01:00',
    });
    await markPickedUp(t.db, nov.id, { associationId: a.id, at: '2026-11-10T10:00:00+01:00' });
    await run('2026-12-01T14:00:00Z'); // 15:00 Paris
    await run('2026-12-01T15:00:00Z');
    await run('2026-12-02T08:00:00Z'); // the 2nd, 09:00 Paris
    expect((await outbox(manager.id)).map((r) => r.message_key)).toEqual([
      `receipt_ready:${shop.id}:2026-11`,
    ]);
  });
});

describe('the catch-up computes each weekly summary once, even one with nothing to tell', () => {
  it('an organisation with nothing at 08:00 is recorded as done: 09:00 does not look again', async () => {
    const shop = await createOrganisation(t.db, 'shop');
    const a = await createOrganisation(t.db, 'association');
    const manager = await createUser(t.db, { organisationId: shop.id, role: 'manager' });
    const driver = await createUser(t.db, { organisationId: a.id, role: 'member' });
    await run('2026-12-07T07:00:00Z'); // Monday 7 December, 08:00 Paris: nothing to tell
    expect(await outbox(manager.id)).toEqual([]);
    const done = await t.db
      .selectFrom('scheduled_sends')
      .select('key')
      .where('user_id', '=', manager.id)
      .execute();
    expect(done.map((d) => d.key)).toEqual(['weekly_summary:2026-W49']);
    // a pickup is claimed meanwhile: the summary would now have something, but it was computed
    await createDonation(t.db, {
      shopId: shop.id,
      created_at: '2026-12-07T07:30:00Z',
      pickup_from: '2026-12-07T16:00:00Z',
      pickup_until: '2026-12-07T17:00:00Z',
      status: 'claimed',
      claimed_by: a.id,
      claimed_by_user: driver.id,
      claimed_at: '2026-12-07T07:40:00Z',
      handover_code: '4321',
    });
    await run('2026-12-07T08:00:00Z'); // 09:00 Paris
    await run('2026-12-07T09:00:00Z');
    expect(await outbox(manager.id)).toEqual([]);
  });
});

describe('the weekly summary counts the regular donations', () => {
  it("the series' dates of the week ahead, for the shop and the association of a standing arrangement", async () => {
    const shop = await createOrganisation(t.db, 'shop', { name: 'Fournil Saint-Jean' });
    const a = await createOrganisation(t.db, 'association', { name: 'Les Restos' });
    const other = await createOrganisation(t.db, 'association', { name: 'Secours' });
    const shopManager = await createUser(t.db, { organisationId: shop.id, role: 'manager' });
    const aManager = await createUser(t.db, { organisationId: a.id, role: 'manager' });
    const otherManager = await createUser(t.db, { organisationId: other.id, role: 'manager' });
    const series = (values: Record<string, unknown>) =>
      t.db
        .insertInto('donation_series')
        .values({
          shop_id: shop.id,
          category: 'bakery',
          description: 'Pains de la veille',
          quantity_kg: 4,
          storage: 'ambient',
          // Monday, Wednesday, Friday
          weekdays: (1 << 1) | (1 << 3) | (1 << 5),
          pickup_from_time: '18:00',
          pickup_until_time: '19:30',
          starts_on: '2026-11-01',
          ends_on: null,
          association_id: a.id,
          ...values,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const s = await series({});
    // ended: not counted
    await series({ ended_at: new Date('2026-11-20T10:00:00Z'), association_id: null });
    // Wednesday 2 December skipped; the shop closed on Friday 4 December
    await t.db
      .insertInto('donation_series_dates')
      .values({ series_id: s.id, day: '2026-12-02', donation_id: null, skipped: true })
      .execute();
    await t.db
      .insertInto('shop_closures')
      .values({ shop_id: shop.id, starts_on: '2026-12-04', ends_on: '2026-12-05' })
      .execute();
    // a week with nothing given: the series alone makes the summary worth sending
    await run('2026-11-30T07:00:00Z'); // Monday 30 November, 08:00 Paris
    const [shopRow] = await outbox(shopManager.id);
    // the week ahead, Monday 30 November to Sunday 6 December: Monday 30 only
    expect(params(shopRow)).toMatchObject({
      org0: 'Fournil Saint-Jean',
      regular0: 1,
      regularKg0: '4',
    });
    const words = render('weekly_summary', 'fr', params(shopRow), { dashboard: '/dashboard' });
    expect(words.text).toContain('Cette semaine : 1 don régulier prévu (4 kg).');
    const en = render('weekly_summary', 'en', { ...params(shopRow), regular0: 3 }, {});
    expect(en.text).toContain('This week: 3 regular donations planned (4 kg).');
    const [aRow] = await outbox(aManager.id);
    expect(params(aRow)).toMatchObject({ org0: 'Les Restos', regular0: 1 });
    expect(await outbox(otherManager.id)).toEqual([]); // no arrangement, nothing this week
  });
});
