import type { Actor } from '../accounts/actor.js';
import type { Donation, DonationSeries } from '../db/schema.js';
import { changeDonation } from '../donations/changes.js';
import type { Db } from '../donations/donation.js';
import { cancelDonation } from '../donations/posting.js';
import { ConflictError, DomainError, ValidationError } from '../shared/errors.js';
import { parisDate } from '../shared/time.js';
import { fallsOn, occurrenceOf } from './dates.js';
import type { SeriesInput, SeriesPatch } from './schemas.js';
import { endLiveArrangement, liveArrangement, proposeArrangement } from './arrangements.js';
import { withdrawPendingOffers } from './offer-withdrawals.js';
import {
  checkSeriesRules,
  confirmMinutesOf,
  inputOf,
  loadSeries,
  occurrenceInput,
  occurrenceRules,
  SeriesEndedError,
  updateSeriesRow,
} from './series.js';

/** Occurrences already made that nobody has claimed and whose window has not opened. */
async function openFutureOccurrences(db: Db, seriesId: number, now: Date) {
  return db
    .selectFrom('donation_series_dates as x')
    .innerJoin('donations as d', 'd.id', 'x.donation_id')
    .select(['d.id', 'x.day'])
    .where('x.series_id', '=', seriesId)
    .where('d.status', '=', 'open')
    .where('d.pickup_from', '>', now)
    .execute();
}

/** Cancels what it can; one claimed meanwhile is theirs now and stays (ConflictError). */
async function cancelAll(db: Db, actor: Actor, ids: number[], now: Date) {
  const cancelled: Donation[] = [];
  for (const id of ids) {
    try {
      cancelled.push((await cancelDonation(db, actor, id, now)) as Donation);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
    }
  }
  return cancelled;
}

/**
 * The shop changes a series. The dates to come follow the new values; of those already posted,
 * only the ones nobody has claimed and whose window has not opened change (through the same
 * rules and change alerts as a donation edited by hand), or are cancelled when the series no
 * longer falls on their date. A claimed one never moves: someone planned around it.
 */
export async function changeSeries(
  db: Db,
  actor: Actor,
  id: number,
  patch: SeriesPatch,
  now: Date,
) {
  const before = await loadSeries(db, actor, id);
  if (before.ended_at) throw new SeriesEndedError();
  const input: SeriesInput = { ...inputOf(before), ...stripUndefined(patch) };
  if (input.endsOn && input.endsOn < input.startsOn)
    throw new ValidationError({ endsOn: 'series.err.ends_before' });
  checkSeriesRules(input, now);
  // the series row, its arrangement and its posted dates change together, or nothing does
  return db.transaction().execute(async (trx) => {
    const series = await updateSeriesRow(trx, id, input, now);
    if (!series) throw new SeriesEndedError();
    if (patch.associationId === null) await endLiveArrangement(trx, actor, series, now);
    else if (patch.associationId !== undefined)
      await proposeArrangement(
        trx,
        actor,
        series,
        patch.associationId,
        confirmMinutesOf(patch),
        now,
      );
    await movePendingOffers(trx, series, now);
    const changed: Donation[] = [];
    const gone: number[] = [];
    for (const o of await openFutureOccurrences(trx, id, now)) {
      if (!fallsOn(series, o.day)) {
        gone.push(o.id);
        continue;
      }
      const rules = occurrenceRules(series, occurrenceOf(series, o.day));
      const donation = occurrenceInput(series, rules);
      try {
        changed.push((await changeDonation(trx, actor, o.id, donation, now)).donation);
      } catch (e) {
        // claimed meanwhile, or its new window already past: it stays as it was (these are
        // refused before anything is written, so the transaction goes on)
        if (!(e instanceof DomainError)) throw e;
      }
    }
    const cancelled = await cancelAll(trx, actor, gone, now);
    const { association_id } = (await liveArrangement(trx, id)) ?? { association_id: null };
    return { series: { ...series, association_id }, changed, cancelled };
  });
}

/**
 * Dates offered to the arrangement's association and not answered yet follow the series: a new
 * deadline from the new window; a date the series no longer falls on is withdrawn (and made by
 * nobody).
 */
async function movePendingOffers(trx: Db, series: DonationSeries, now: Date) {
  const pending = await trx
    .selectFrom('arrangement_offers as o')
    .innerJoin('series_arrangements as a', 'a.id', 'o.arrangement_id')
    .select(['o.arrangement_id', 'o.day', 'a.confirm_minutes'])
    .where('o.series_id', '=', series.id)
    .where('o.status', '=', 'pending')
    .execute();
  const gone = pending.filter((o) => !fallsOn(series, o.day)).map((o) => o.day);
  await withdrawPendingOffers(trx, { seriesId: series.id, days: gone }, now, { release: true });
  for (const o of pending.filter((o) => fallsOn(series, o.day)))
    await trx
      .updateTable('arrangement_offers')
      .set({
        deadline: new Date(occurrenceOf(series, o.day).from.getTime() - o.confirm_minutes * 60_000),
      })
      .where('arrangement_id', '=', o.arrangement_id)
      .where('day', '=', o.day)
      .execute();
}

const stripUndefined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * The shop ends a series: no more dates are made, the posted ones nobody claimed are withdrawn,
 * the claimed ones and the history stay (the donations keep their series_id).
 */
export async function endSeries(db: Db, actor: Actor, id: number, now: Date) {
  const before = await loadSeries(db, actor, id);
  if (before.ended_at) return { series: before, cancelled: [] as Donation[] };
  const series = await db.transaction().execute(async (trx) => {
    const ended = await trx
      .updateTable('donation_series')
      .set({ ended_at: now, updated_at: now })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .returningAll()
      .executeTakeFirstOrThrow();
    await endLiveArrangement(trx, actor, ended, now, 'arr.reason.series_ended');
    await withdrawPendingOffers(trx, { seriesId: id }, now, { release: false });
    return ended;
  });
  const ids = (await openFutureOccurrences(db, id, now)).map((o) => o.id);
  return { series, cancelled: await cancelAll(db, actor, ids, now) };
}

/**
 * One date makes no donation. If it was posted already and nobody claimed it, it is withdrawn;
 * if it was claimed, the skip is refused (the association is coming). Skipping twice is fine.
 */
export async function skipDate(db: Db, actor: Actor, id: number, day: string, now: Date) {
  const series = await loadSeries(db, actor, id);
  if (series.ended_at) throw new SeriesEndedError();
  if (day < parisDate(now)) throw new ValidationError({ date: 'series.err.skip_past' });
  if (!fallsOn(series, day)) throw new ValidationError({ date: 'series.err.not_a_date' });
  const row = await db.transaction().execute(async (trx) => {
    await checkSkipCap(trx, series.shop_id, day, now);
    await withdrawPendingOffers(trx, { seriesId: id, days: [day] }, now, { release: false });
    return trx
      .insertInto('donation_series_dates')
      .values({ series_id: id, day, donation_id: null, skipped: true, created_at: now })
      .onConflict((oc) => oc.columns(['series_id', 'day']).doUpdateSet({ skipped: true }))
      .returning('donation_id')
      .executeTakeFirstOrThrow();
  });
  if (row.donation_id == null) return { cancelled: [] as Donation[] };
  const d = await db
    .selectFrom('donations')
    .select(['status'])
    .where('id', '=', row.donation_id)
    .executeTakeFirstOrThrow();
  if (d.status === 'cancelled') return { cancelled: [] as Donation[] };
  const cancelled = await cancelAll(db, actor, [row.donation_id], now);
  if (!cancelled.length) {
    // claimed (or already over): the date stands as it is
    await db
      .updateTable('donation_series_dates')
      .set({ skipped: false })
      .where('series_id', '=', id)
      .where('day', '=', day)
      .execute();
    throw new ConflictError('occurrence_claimed', 'series.err.skip_claimed');
  }
  return { cancelled };
}

/** Skips ahead a shop may keep, all its series together (a year of daily dates, and some). */
export const MAX_SKIPS_PER_SHOP = 400;

/**
 * At most MAX_SKIPS_PER_SHOP dates skipped ahead per shop. The shop's row is locked first, so two
 * skips at the same moment are counted one after the other.
 */
async function checkSkipCap(trx: Db, shopId: number, day: string, now: Date) {
  await trx.selectFrom('organisations').select('id').where('id', '=', shopId).forUpdate().execute();
  const { n } = await trx
    .selectFrom('donation_series_dates as x')
    .innerJoin('donation_series as s', 's.id', 'x.series_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.shop_id', '=', shopId)
    .where('x.skipped', '=', true)
    .where('x.day', '>=', parisDate(now))
    .where('x.day', '<>', day)
    .executeTakeFirstOrThrow();
  if (Number(n) >= MAX_SKIPS_PER_SHOP)
    throw new ValidationError({ date: 'series.err.too_many_skips' });
}
