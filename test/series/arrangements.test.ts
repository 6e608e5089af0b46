import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { openPostgres } from '../../src/db/postgres.js';
import type { Database } from '../../src/db/schema.js';
import {
  acceptArrangement,
  endArrangement,
  listArrangements,
} from '../../src/series/arrangements.js';
import { makeDueOccurrences } from '../../src/series/occurrences.js';
import { decideOffers, offerDueDates, releaseExpiredOffers } from '../../src/series/offers.js';
import { createSeries } from '../../src/series/series.js';
import { ForbiddenError, NotFoundError } from '../../src/shared/errors.js';
import type { Kysely } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const NOW = new Date('2026-11-27T09:00:00+01:00'); // a Friday
const at = (iso: string) => new Date(iso);
const actorOf = async (user: { id: number }) =>
  loadActor(
    t.db,
    await t.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow(),
  );

let places = 0;
/** A shop with a daily series proposed to `assoc`, accepted by its manager; a third association. */
async function arranged(opts: { accept?: boolean } = {}) {
  const lng = 2 + ++places * 0.5;
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  const assoc = await createOrgWithUser(t.db, 'association', { lat: 45.77, lng, radius_km: 3 });
  const third = await createOrgWithUser(t.db, 'association', { lat: 45.77, lng, radius_km: 3 });
  const driver = await createUser(t.db, { organisationId: assoc.org.id, role: 'member' });
  const shopActor = await actorOf(shop.user);
  const series = await createSeries(
    t.db,
    shopActor,
    {
      category: 'bakery',
      description: 'environ 8 kg de pain',
      quantityKg: 8,
      storage: 'ambient',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      pickupFromTime: '19:00',
      pickupUntilTime: '19:30',
      startsOn: '2026-11-27',
      associationId: assoc.org.id,
      confirmHoursBefore: 24,
    },
    NOW,
  );
  const [arrangement] = await listArrangements(t.db, shopActor);
  if (opts.accept !== false)
    await acceptArrangement(t.db, await actorOf(assoc.user), arrangement.id, NOW);
  return {
    shop,
    assoc,
    third,
    series,
    arrangement,
    shopActor,
    managerActor: await actorOf(assoc.user),
    driverActor: await actorOf(driver),
    thirdActor: await actorOf(third.user),
  };
}

const offersOf = (arrangementId: number) =>
  t.db
    .selectFrom('arrangement_offers')
    .selectAll()
    .where('arrangement_id', '=', arrangementId)
    .orderBy('day')
    .execute();
const donationsOf = (seriesId: number) =>
  t.db
    .selectFrom('donations')
    .selectAll()
    .where('series_id', '=', seriesId)
    .orderBy('pickup_from')
    .execute();

describe('standing arrangements: proposed, accepted, offered', () => {
  it('a proposal offers nothing until a manager of the association accepts it', async () => {
    const w = await arranged({ accept: false });
    expect(w.arrangement.status).toBe('proposed');
    await offerDueDates(t.db, NOW);
    expect(await offersOf(w.arrangement.id)).toHaveLength(0);
    // a driver (member, not manager) cannot accept
    await expect(acceptArrangement(t.db, w.driverActor, w.arrangement.id, NOW)).rejects.toThrow(
      ForbiddenError,
    );
    await acceptArrangement(t.db, w.managerActor, w.arrangement.id, NOW);
    const made = await offerDueDates(t.db, NOW);
    // today's deadline (yesterday 19:00) is past; a donation is posted at most a week ahead:
    // 28 Nov to 3 Dec are offered, once
    expect(made.filter((o) => o.arrangement_id === w.arrangement.id).map((o) => o.day)).toEqual([
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
    ]);
    await offerDueDates(t.db, NOW);
    expect(await offersOf(w.arrangement.id)).toHaveLength(6);
    // the association's members were told (one message each, not one per date)
    const told = await t.db
      .selectFrom('push_deliveries')
      .select(['user_id', 'payload'])
      .where('message_key', 'like', `offers:${w.arrangement.id}:%`)
      .execute();
    expect(told).toHaveLength(2);
    expect(JSON.stringify(told[0].payload)).toContain('arrangement_offers');
    // a day later, 4 Dec comes in
    await offerDueDates(t.db, at('2026-11-28T09:00:00+01:00'));
    expect(await offersOf(w.arrangement.id)).toHaveLength(7);
  });

  it('one run tells each association of its own arrangement only (their news written together)', async () => {
    const a = await arranged();
    const b = await arranged();
    await offerDueDates(t.db, NOW);
    for (const w of [a, b]) {
      const told = await t.db
        .selectFrom('push_deliveries')
        .select('user_id')
        .where('message_key', 'like', `offers:${w.arrangement.id}:%`)
        .execute();
      const members = await t.db
        .selectFrom('memberships')
        .select('user_id')
        .where('organisation_id', '=', w.assoc.org.id)
        .execute();
      expect(told.map((x) => x.user_id).sort()).toEqual(members.map((m) => m.user_id).sort());
      expect(told).toHaveLength(2); // the manager and the driver, once each
    }
  });

  it('a confirmed date is a donation claimed by the association, made once', async () => {
    const w = await arranged();
    await offerDueDates(t.db, NOW);
    const [d] = await decideOffers(
      t.db,
      w.driverActor,
      w.arrangement.id,
      { decision: 'confirm', days: ['2026-11-28'] },
      NOW,
    );
    expect(d).toMatchObject({ status: 'confirmed', error: null });
    expect(d.donation).toMatchObject({ status: 'claimed', claimed_by: w.assoc.org.id });
    // confirmed twice: the second finds it decided
    const [again] = await decideOffers(
      t.db,
      w.driverActor,
      w.arrangement.id,
      { decision: 'confirm', days: ['2026-11-28'] },
      NOW,
    );
    expect(again).toMatchObject({ status: 'failed', error: 'arr.err.offer_closed' });
    // the plain job, at the date's lead time, makes nothing more; nobody else was alerted of it
    await makeDueOccurrences(t.db, at('2026-11-28T13:00:00+01:00'));
    const made = await donationsOf(w.series.id);
    expect(made.filter((x) => x.pickup_from.toISOString().startsWith('2026-11-28'))).toHaveLength(
      1,
    );
    const alerted = await t.db
      .selectFrom('notification_targets')
      .select('association_id')
      .where('donation_id', '=', d.donation!.id)
      .execute();
    expect(alerted).toEqual([]);
  });

  it('a declined date goes to the usual waves at once', async () => {
    const w = await arranged();
    await offerDueDates(t.db, NOW);
    const [d] = await decideOffers(
      t.db,
      w.driverActor,
      w.arrangement.id,
      { decision: 'decline', days: ['2026-11-29'] },
      NOW,
    );
    expect(d.status).toBe('declined');
    expect(d.donation).toMatchObject({ status: 'open', claimed_by: null });
    const waves = await t.db
      .selectFrom('notification_targets')
      .select('association_id')
      .where('donation_id', '=', d.donation!.id)
      .execute();
    expect(waves.map((x) => x.association_id)).toContain(w.third.org.id);
  });

  it('a whole week is confirmed at once', async () => {
    const w = await arranged();
    await offerDueDates(t.db, NOW);
    const week = await decideOffers(
      t.db,
      w.driverActor,
      w.arrangement.id,
      { decision: 'confirm', weekOf: '2026-11-30' },
      NOW,
    );
    // the week of 30 Nov: its dates offered so far (to 3 Dec)
    expect(week.map((x) => [x.day, x.status, x.error])).toEqual(
      ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'].map((d) => [d, 'confirmed', null]),
    );
    const claimed = await donationsOf(w.series.id);
    expect(claimed.map((d) => [d.status, d.claimed_by])).toEqual(
      Array(4).fill(['claimed', w.assoc.org.id]),
    );
  });

  it('a third association neither sees nor confirms the dates', async () => {
    const w = await arranged();
    await offerDueDates(t.db, NOW);
    expect((await listArrangements(t.db, w.thirdActor)).map((a) => a.id)).not.toContain(
      w.arrangement.id,
    );
    await expect(
      decideOffers(
        t.db,
        w.thirdActor,
        w.arrangement.id,
        { decision: 'confirm', days: ['2026-11-28'] },
        NOW,
      ),
    ).rejects.toThrow(NotFoundError);
    await expect(endArrangement(t.db, w.thirdActor, w.arrangement.id, 'x', NOW)).rejects.toThrow(
      NotFoundError,
    );
    expect((await offersOf(w.arrangement.id)).every((o) => o.status === 'pending')).toBe(true);
  });
});

describe('standing arrangements: the deadline', () => {
  it('unconfirmed at the deadline goes to the waves; two instances make each transition once', async () => {
    const w = await arranged();
    await offerDueDates(t.db, NOW);
    await decideOffers(
      t.db,
      w.driverActor,
      w.arrangement.id,
      { decision: 'confirm', days: ['2026-11-30'] },
      NOW,
    );
    // 28 Nov 19:00: the deadlines of 28 Nov (its window opens now) and 29 Nov have passed
    const later = at('2026-11-28T19:00:00+01:00');
    let second: Kysely<Database> = t.db;
    let close = async () => {};
    if (t.url) {
      const h = openPostgres(t.url);
      second = h.db;
      close = h.close;
    }
    const [a, b] = await Promise.all([
      releaseExpiredOffers(t.db, later),
      releaseExpiredOffers(second, later),
    ]);
    await close();
    const posted = [...a, ...b].filter((d) => d.series_id === w.series.id);
    expect(posted).toHaveLength(2);
    expect(new Set(posted.map((d) => d.id)).size).toBe(2);
    const offers = await offersOf(w.arrangement.id);
    expect(offers.filter((o) => o.status === 'expired').map((o) => o.day)).toEqual([
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(offers.filter((o) => o.status === 'pending')).toHaveLength(3);
    // each date has one donation; the expired ones are open and alerted
    const made = await donationsOf(w.series.id);
    const days = made.map((d) => d.pickup_from.toISOString().slice(0, 10));
    expect(new Set(days).size).toBe(days.length);
    expect(made.filter((d) => d.status === 'open')).toHaveLength(2);
    const waves = await t.db
      .selectFrom('notification_targets')
      .select('donation_id')
      .where(
        'donation_id',
        'in',
        posted.map((d) => d.id),
      )
      .execute();
    expect(new Set(waves.map((x) => x.donation_id)).size).toBe(2);
    // a rerun finds nothing
    expect(
      (await releaseExpiredOffers(t.db, later)).filter((d) => d.series_id === w.series.id),
    ).toHaveLength(0);
  });
});

describe('standing arrangements: ended by either side', () => {
  it('the association (a manager) ends it: pending dates go back to the plain job, history kept', async () => {
    const w = await arranged();
    await offerDueDates(t.db, NOW);
    await decideOffers(
      t.db,
      w.driverActor,
      w.arrangement.id,
      { decision: 'confirm', days: ['2026-11-28'] },
      NOW,
    );
    await expect(
      endArrangement(t.db, w.driverActor, w.arrangement.id, 'plus de bénévoles', NOW),
    ).rejects.toThrow(ForbiddenError);
    const ended = await endArrangement(
      t.db,
      w.managerActor,
      w.arrangement.id,
      'plus de bénévoles le samedi',
      NOW,
    );
    expect(ended).toMatchObject({
      status: 'ended',
      ended_by_org: w.assoc.org.id,
      ended_by: w.assoc.user.id,
      end_reason: 'plus de bénévoles le samedi',
    });
    const offers = await offersOf(w.arrangement.id);
    expect(offers.find((o) => o.day === '2026-11-28')?.status).toBe('confirmed');
    expect(offers.filter((o) => o.status === 'withdrawn')).toHaveLength(5);
    // 29 Nov is made by the plain job at its lead time, for everyone
    const run = await makeDueOccurrences(t.db, at('2026-11-29T13:00:00+01:00'));
    expect(run.made.filter((d) => d.series_id === w.series.id)).toHaveLength(1);
    // nothing is offered any more; the history still lists it, for both sides
    await offerDueDates(t.db, NOW);
    expect((await offersOf(w.arrangement.id)).filter((o) => o.status === 'pending')).toEqual([]);
    const seen = await listArrangements(t.db, w.shopActor);
    expect(seen.find((a) => a.id === w.arrangement.id)?.status).toBe('ended');
    await expect(
      decideOffers(
        t.db,
        w.driverActor,
        w.arrangement.id,
        { decision: 'confirm', days: ['2026-12-01'] },
        NOW,
      ),
    ).rejects.toThrow('arr.err.offer_closed');
  });

  it('the shop ends it, with its reason', async () => {
    const w = await arranged();
    await offerDueDates(t.db, NOW);
    const ended = await endArrangement(t.db, w.shopActor, w.arrangement.id, 'fermeture', NOW);
    expect(ended).toMatchObject({ status: 'ended', ended_by_org: w.shop.org.id });
    const series = await t.db
      .selectFrom('donation_series')
      .select('association_id')
      .where('id', '=', w.series.id)
      .executeTakeFirstOrThrow();
    expect(series.association_id).toBeNull();
    expect((await offersOf(w.arrangement.id)).every((o) => o.status === 'withdrawn')).toBe(true);
  });
});
