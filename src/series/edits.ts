import type { Actor } from '../accounts/actor.js';
import type { Donation } from '../db/schema.js';
import { changeDonation } from '../donations/changes.js';
import type { Db } from '../donations/donation.js';
import { cancelDonation } from '../donations/posting.js';
import type { PostDonationInput } from '../donations/schemas.js';
import { ConflictError, DomainError, ValidationError } from '../shared/errors.js';
import { parisDate } from '../shared/time.js';
import { fallsOn, occurrenceOf } from './dates.js';
import type { SeriesInput, SeriesPatch } from './schemas.js';
import {
  checkSeriesRules,
  inputOf,
  loadSeries,
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
  if (patch.associationId != null)
    throw new ValidationError({ associationId: 'series.err.arrangement_unavailable' });
  const input: SeriesInput = { ...inputOf(before), ...stripUndefined(patch) };
  if (input.endsOn && input.endsOn < input.startsOn)
    throw new ValidationError({ endsOn: 'series.err.ends_before' });
  checkSeriesRules(input, now);
  const series = await updateSeriesRow(db, id, input, now);
  if (!series) throw new SeriesEndedError();
  const changed: Donation[] = [];
  const gone: number[] = [];
  for (const o of await openFutureOccurrences(db, id, now)) {
    if (!fallsOn(series, o.day)) {
      gone.push(o.id);
      continue;
    }
    const rules = occurrenceRules(series, occurrenceOf(series, o.day));
    const donation: PostDonationInput = {
      category: input.category,
      description: input.description,
      quantityKg: input.quantityKg,
      units: input.units ?? null,
      storage: input.storage,
      pickupFrom: rules.pickupFrom,
      pickupUntil: rules.pickupUntil,
      dateKind: rules.dateKind,
      date: rules.date,
      packaged: rules.packaged,
      sameDay: false,
      valueEur: input.valueEur ?? null,
    };
    try {
      changed.push((await changeDonation(db, actor, o.id, donation, now)).donation);
    } catch (e) {
      // claimed meanwhile, or its new window already past: it stays as it was
      if (!(e instanceof DomainError)) throw e;
    }
  }
  return { series, changed, cancelled: await cancelAll(db, actor, gone, now) };
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
  const series = await db
    .updateTable('donation_series')
    .set({ ended_at: now, updated_at: now })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .returningAll()
    .executeTakeFirstOrThrow();
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
  const row = await db
    .insertInto('donation_series_dates')
    .values({ series_id: id, day, donation_id: null, skipped: true, created_at: now })
    .onConflict((oc) => oc.columns(['series_id', 'day']).doUpdateSet({ skipped: true }))
    .returning('donation_id')
    .executeTakeFirstOrThrow();
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
