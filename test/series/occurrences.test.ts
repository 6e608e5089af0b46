import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.js';
import { occurrenceOf } from '../../src/series/dates.js';
import { makeDueOccurrences } from '../../src/series/occurrences.js';
import { weekdayMask } from '../../src/series/dates.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

let places = 0;
async function seriesOf(over: Record<string, unknown> = {}) {
  const lng = 2 + ++places * 0.5;
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  const assoc = await createOrgWithUser(t.db, 'association', { lat: 45.77, lng, radius_km: 3 });
  const s = await t.db
    .insertInto('donation_series')
    .values({
      shop_id: shop.org.id,
      created_by: shop.user.id,
      category: 'bakery',
      description: 'pain',
      quantity_kg: 8,
      units: null,
      storage: 'ambient',
      weekdays: weekdayMask([1, 2, 3, 4, 5, 6, 7]),
      pickup_from_time: '19:00',
      pickup_until_time: '19:30',
      starts_on: '2026-01-01',
      ends_on: null,
      date_kind: null,
      date_offset_days: null,
      value_eur: null,
      association_id: null,
      lead_minutes: 360,
      ...over,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { shop, assoc, s };
}

const occurrencesOf = (seriesId: number) =>
  t.db
    .selectFrom('donations')
    .selectAll()
    .where('series_id', '=', seriesId)
    .orderBy('pickup_from')
    .execute();

// Paris wall clock 19:00 on each date: +01:00 in winter, +02:00 in summer, whatever the day
const DST_TABLE: [day: string, from: string, until: string, fromUtc: string, untilUtc: string][] = [
  ['2026-03-28', '19:00', '19:30', '2026-03-28T18:00:00.000Z', '2026-03-28T18:30:00.000Z'],
  ['2026-03-29', '19:00', '19:30', '2026-03-29T17:00:00.000Z', '2026-03-29T17:30:00.000Z'],
  ['2026-03-30', '19:00', '19:30', '2026-03-30T17:00:00.000Z', '2026-03-30T17:30:00.000Z'],
  // the night of the change: 01:30 to 03:30 on the clock is one hour
  ['2026-03-29', '01:30', '03:30', '2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z'],
  ['2026-10-24', '19:00', '19:30', '2026-10-24T17:00:00.000Z', '2026-10-24T17:30:00.000Z'],
  ['2026-10-25', '19:00', '19:30', '2026-10-25T18:00:00.000Z', '2026-10-25T18:30:00.000Z'],
  ['2026-10-26', '19:00', '19:30', '2026-10-26T18:00:00.000Z', '2026-10-26T18:30:00.000Z'],
  // the night back: 01:30 to 03:30 on the clock is three hours
  ['2026-10-25', '01:30', '03:30', '2026-10-24T23:30:00.000Z', '2026-10-25T02:30:00.000Z'],
  ['2026-10-25', '08:00', '08:30', '2026-10-25T07:00:00.000Z', '2026-10-25T07:30:00.000Z'],
];

describe('occurrences across the 2026 changes of time (Paris wall clock)', () => {
  it.each(DST_TABLE)('%s from %s to %s', (day, from, until, fromUtc, untilUtc) => {
    const o = occurrenceOf(
      {
        weekdays: 254,
        pickup_from_time: from,
        pickup_until_time: until,
        starts_on: '2026-01-01',
        ends_on: null,
        lead_minutes: 360,
      },
      day,
    );
    expect([o.from.toISOString(), o.until.toISOString()]).toEqual([fromUtc, untilUtc]);
    expect(o.publishAt.getTime()).toBe(o.from.getTime() - 6 * 3_600_000);
  });

  it.each(DST_TABLE.filter(([, f]) => f === '19:00'))(
    'the job posts %s at its lead time, not a minute before, at the right instant',
    async (day, _from, _until, fromUtc, untilUtc) => {
      const { s } = await seriesOf({ starts_on: day, ends_on: day });
      const publish = new Date(Date.parse(fromUtc) - 6 * 3_600_000);
      await makeDueOccurrences(t.db, new Date(publish.getTime() - 60_000));
      expect(await occurrencesOf(s.id)).toHaveLength(0);
      const run = await makeDueOccurrences(t.db, publish);
      expect(run.made.filter((d) => d.series_id === s.id)).toHaveLength(1);
      const [d] = await occurrencesOf(s.id);
      expect([d.pickup_from.toISOString(), d.pickup_until.toISOString()]).toEqual([
        fromUtc,
        untilUtc,
      ]);
    },
  );
});

describe('the occurrence job', () => {
  it('makes each date once: a rerun and a second run make nothing more', async () => {
    const { s } = await seriesOf({ starts_on: '2026-06-01', ends_on: '2026-06-03' });
    const now = new Date('2026-06-01T12:00:00Z');
    await makeDueOccurrences(t.db, now);
    await makeDueOccurrences(t.db, now);
    await makeDueOccurrences(t.db, new Date(now.getTime() + 60_000));
    const made = await occurrencesOf(s.id);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ status: 'open', series_id: s.id, shop_id: s.shop_id });
  });

  it('two instances at the same moment make each date once (PostgreSQL: two connections)', async () => {
    const { s } = await seriesOf({ starts_on: '2026-06-05', ends_on: '2026-06-05' });
    const now = new Date('2026-06-05T12:00:00Z');
    const second = t.url ? openPostgres(t.url) : null;
    try {
      const runs = await Promise.all([
        makeDueOccurrences(t.db, now),
        makeDueOccurrences(second?.db ?? t.db, now),
      ]);
      expect(runs.flatMap((r) => r.made).filter((d) => d.series_id === s.id)).toHaveLength(1);
    } finally {
      await second?.close();
    }
    expect(await occurrencesOf(s.id)).toHaveLength(1);
  });

  it('goes through the posting rules and plans the alerts as a post does', async () => {
    const { s, assoc } = await seriesOf({ starts_on: '2026-06-08', ends_on: '2026-06-08' });
    await makeDueOccurrences(t.db, new Date('2026-06-08T12:00:00Z'));
    const [d] = await occurrencesOf(s.id);
    const targets = await t.db
      .selectFrom('notification_targets')
      .select('association_id')
      .where('donation_id', '=', d.id)
      .execute();
    expect(targets.map((x) => x.association_id)).toContain(assoc.org.id);
    const events = await t.db
      .selectFrom('donation_events')
      .selectAll()
      .where('donation_id', '=', d.id)
      .execute();
    expect(events).toMatchObject([{ to_status: 'open', note: 'series', actor_user_id: null }]);
  });

  it('a batch of dates is written together, each donation with its own shop, targets and alerts', async () => {
    // three shops, each beside an association of its own (3 km radius, 50 km apart): made in one
    // transaction (one statement for their donations, one for their targets, one for the mails)
    const day = '2026-06-11';
    const made = [];
    for (let i = 0; i < 3; i++)
      made.push(await seriesOf({ starts_on: day, ends_on: day, description: `pain ${i}` }));
    // the middle one breaks a rule when due: the two others are made all the same
    const broken = await seriesOf({
      starts_on: day,
      ends_on: day,
      category: 'dairy',
      storage: 'chilled',
      date_kind: 'use_by',
      date_offset_days: 0,
    });
    made.splice(1, 0, broken);
    const run = await makeDueOccurrences(t.db, new Date('2026-06-11T12:00:00Z'));
    expect(run.refused.map((r) => r.seriesId)).toContain(broken.s.id);
    for (const { s, shop, assoc } of made) {
      const donations = await occurrencesOf(s.id);
      if (s.id === broken.s.id) {
        expect(donations).toHaveLength(0);
        continue;
      }
      expect(donations).toHaveLength(1);
      const [d] = donations;
      expect(d).toMatchObject({ shop_id: shop.org.id, description: s.description, lat: 45.7676 });
      const dated = await t.db
        .selectFrom('donation_series_dates')
        .select('donation_id')
        .where('series_id', '=', s.id)
        .executeTakeFirstOrThrow();
      expect(dated.donation_id).toBe(d.id);
      const targets = await t.db
        .selectFrom('notification_targets')
        .select(['association_id', 'told_at'])
        .where('donation_id', '=', d.id)
        .execute();
      // only its own association is within 3 km of it
      expect(targets.map((x) => x.association_id)).toEqual([assoc.org.id]);
      const events = await t.db
        .selectFrom('donation_events')
        .select(['actor_org_id', 'note'])
        .where('donation_id', '=', d.id)
        .execute();
      expect(events).toEqual([{ actor_org_id: shop.org.id, note: 'series' }]);
      // its association's member (no push device: by e-mail) is told of this donation, not another
      const mails = await t.db
        .selectFrom('push_deliveries')
        .select(['user_id', 'message_key', 'donation_id', 'payload'])
        .where('channel', '=', 'email')
        .where('user_id', '=', assoc.user.id)
        .execute();
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ message_key: `alert:${d.id}`, donation_id: d.id });
      const payload = mails[0].payload as unknown as { params: { description: string } };
      expect(payload.params.description).toBe(s.description);
    }
  });

  it('a date whose occurrence breaks a rule when due is recorded, not posted nor retried', async () => {
    // a use-by date on the pickup day itself: refused at posting (48 h rule)
    const { s } = await seriesOf({
      starts_on: '2026-06-09',
      ends_on: '2026-06-09',
      category: 'dairy',
      storage: 'chilled',
      date_kind: 'use_by',
      date_offset_days: 0,
    });
    const run = await makeDueOccurrences(t.db, new Date('2026-06-09T12:00:00Z'));
    expect(run.refused.filter((r) => r.seriesId === s.id)).toMatchObject([
      { day: '2026-06-09', fields: { date: 'don.err.use_by_48h' } },
    ]);
    expect(await occurrencesOf(s.id)).toHaveLength(0);
    const again = await makeDueOccurrences(t.db, new Date('2026-06-09T12:01:00Z'));
    expect(again.refused.filter((r) => r.seriesId === s.id)).toHaveLength(0);
  });

  it('keeps to the weekdays, the start and the end, and skips closed and ended', async () => {
    // Tuesdays and Fridays; 2026-06-16 is a Tuesday
    const { s } = await seriesOf({
      weekdays: weekdayMask([2, 5]),
      starts_on: '2026-06-16',
      ends_on: '2026-06-26',
    });
    await t.db
      .insertInto('shop_closures')
      .values({ shop_id: s.shop_id, starts_on: '2026-06-23', ends_on: '2026-06-23' })
      .execute();
    for (let day = 14; day <= 28; day++)
      await makeDueOccurrences(t.db, new Date(`2026-06-${day}T15:00:00Z`));
    const days = (await occurrencesOf(s.id)).map((d) => d.pickup_from.toISOString().slice(0, 10));
    expect(days).toEqual(['2026-06-16', '2026-06-19', '2026-06-26']);

    await t.db
      .updateTable('donation_series')
      .set({ ended_at: new Date() })
      .where('id', '=', s.id)
      .execute();
    await t.db
      .updateTable('donation_series')
      .set({ ends_on: null })
      .where('id', '=', s.id)
      .execute();
    await makeDueOccurrences(t.db, new Date('2026-06-30T15:00:00Z'));
    expect(await occurrencesOf(s.id)).toHaveLength(3);
  });
});
