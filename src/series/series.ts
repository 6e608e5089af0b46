import { sql } from 'kysely';
import { isMemberOf, type Actor } from '../accounts/actor.js';
import type { DonationSeries } from '../db/schema.js';
import { shopOf, type Db } from '../donations/donation.js';
import type { PostDonationInput } from '../donations/schemas.js';
import type { Category } from '../shared/categories.js';
import { checkDonationRules } from '../donations/rules.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { addDays, parisDate } from '../shared/time.js';
import { nextDates, occurrenceOf, weekdayMask, weekdaysOf } from './dates.js';
import { DEFAULT_CONFIRM_MINUTES, proposeArrangement } from './arrangements.js';
import { DEFAULT_LEAD_MINUTES, type SeriesInput } from './schemas.js';

/** A series' row values from the API's fields. */
function rowOf(input: SeriesInput) {
  return {
    category: input.category,
    description: input.description,
    quantity_kg: input.quantityKg,
    units: input.units ?? null,
    storage: input.storage,
    weekdays: weekdayMask(input.weekdays),
    pickup_from_time: input.pickupFromTime,
    pickup_until_time: input.pickupUntilTime,
    starts_on: input.startsOn,
    ends_on: input.endsOn ?? null,
    date_kind: input.dateKind ?? null,
    date_offset_days: input.dateKind ? (input.dateOffsetDays ?? null) : null,
    packaged: input.packaged ?? true,
    value_eur: input.valueEur ?? null,
    lead_minutes: input.leadMinutes ?? DEFAULT_LEAD_MINUTES,
    fresh_produce: input.freshProduce ?? false,
    quality_label: input.qualityLabel ?? null,
    local_origin: input.localOrigin ?? null,
  };
}

/** The API's fields of a stored series (the inverse of rowOf). */
export function inputOf(s: DonationSeries): SeriesInput {
  return {
    category: s.category as SeriesInput['category'],
    description: s.description,
    quantityKg: Number(s.quantity_kg),
    units: s.units,
    storage: s.storage,
    weekdays: weekdaysOf(s.weekdays),
    pickupFromTime: s.pickup_from_time,
    pickupUntilTime: s.pickup_until_time,
    startsOn: s.starts_on,
    endsOn: s.ends_on,
    dateKind: s.date_kind,
    dateOffsetDays: s.date_offset_days,
    packaged: s.packaged,
    valueEur: s.value_eur == null ? null : Number(s.value_eur),
    leadMinutes: s.lead_minutes,
    associationId: s.association_id,
    freshProduce: s.fresh_produce,
    qualityLabel: s.quality_label,
    localOrigin: s.local_origin,
  };
}

/** Where each posting rule's field is on the series' form. */
const SERIES_FIELD: Record<string, string> = {
  pickupFrom: 'pickupFromTime',
  pickupUntil: 'pickupUntilTime',
  date: 'dateOffsetDays',
};

/**
 * The posting rules (donations/rules.ts) a series' every occurrence will meet, checked on its
 * first one as the job will post it: a frozen product kept frozen, no loose meat, a use-by date
 * far enough after the pickup day, a window of at least 15 minutes.
 */
export function checkSeriesRules(input: SeriesInput, now: Date) {
  const row = rowOf(input);
  const fields: Record<string, string> = {};
  if (row.date_kind && row.date_offset_days == null)
    fields.dateOffsetDays = 'don.err.date_required';
  const [first] = nextDates(row, row.starts_on, 1);
  if (!first) fields.weekdays = 'series.err.no_date';
  if (first) {
    const o = occurrenceOf(row, first);
    const at = o.publishAt > now ? o.publishAt : now;
    const broken = checkDonationRules(occurrenceRules(row, o), at);
    delete broken.pickupFrom; // the first date may be today, past its start: that one is not made
    if (broken.pickupUntil === 'don.err.window_past') delete broken.pickupUntil;
    for (const [k, v] of Object.entries(broken)) fields[SERIES_FIELD[k] ?? k] ??= v;
  }
  if (Object.keys(fields).length) throw new ValidationError(fields, 'don.err.rules');
}

/** The posting rules' input for one occurrence. */
export function occurrenceRules(
  s: Pick<DonationSeries, 'category' | 'storage' | 'date_kind' | 'date_offset_days' | 'packaged'>,
  o: { day: string; from: Date; until: Date },
) {
  return {
    category: s.category,
    storage: s.storage,
    pickupFrom: o.from,
    pickupUntil: o.until,
    dateKind: s.date_kind,
    date: s.date_kind && s.date_offset_days != null ? addDays(o.day, s.date_offset_days) : null,
    packaged: s.packaged,
    sameDay: false,
  };
}

/**
 * What an occurrence offers: the series' food, kg, storage, value and quality marks, on the
 * date's window under the rules (occurrenceRules). The job posts it; an edit of the series
 * changes the unclaimed posted dates to it.
 */
export function occurrenceInput(
  s: DonationSeries,
  rules: ReturnType<typeof occurrenceRules>,
): PostDonationInput {
  return {
    category: s.category as Category,
    description: s.description,
    quantityKg: Number(s.quantity_kg),
    units: s.units,
    storage: s.storage,
    pickupFrom: rules.pickupFrom,
    pickupUntil: rules.pickupUntil,
    dateKind: rules.dateKind,
    date: rules.date,
    packaged: rules.packaged,
    sameDay: false,
    valueEur: s.value_eur == null ? null : Number(s.value_eur),
    // the series' quality marks, on every occurrence
    freshProduce: s.fresh_produce,
    qualityLabel: s.quality_label,
    localOrigin: s.local_origin,
  };
}

export class SeriesEndedError extends ConflictError {
  constructor() {
    super('series_ended', 'series.err.ended');
  }
}

/** A shop sets up a regular donation. */
export async function createSeries(db: Db, actor: Actor, input: SeriesInput, now: Date) {
  const shop = shopOf(actor);
  if (input.startsOn < parisDate(now))
    throw new ValidationError({ startsOn: 'series.err.starts_past' });
  checkSeriesRules(input, now);
  return db.transaction().execute(async (trx) => {
    const series = await trx
      .insertInto('donation_series')
      .values({ shop_id: shop.organisationId, created_by: actor.user.id, ...rowOf(input) })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.associationId == null) return series;
    await proposeArrangement(trx, actor, series, input.associationId, confirmMinutesOf(input), now);
    return { ...series, association_id: input.associationId };
  });
}

/** The arrangement's deadline in minutes, from the API's hours. */
export const confirmMinutesOf = (input: { confirmHoursBefore?: number }) =>
  input.confirmHoursBefore != null ? input.confirmHoursBefore * 60 : DEFAULT_CONFIRM_MINUTES;

/** A series of the actor's shop, or NotFoundError (another shop's is no series of theirs). */
export async function loadSeries(db: Db, actor: Actor, id: number) {
  const s = await db
    .selectFrom('donation_series')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!s || !isMemberOf(actor, s.shop_id)) throw new NotFoundError('series.err.not_found');
  return s;
}

/** The shop's series, the running ones first, with their next dates. */
export async function listSeries(db: Db, actor: Actor) {
  const shop = shopOf(actor);
  return db
    .selectFrom('donation_series')
    .selectAll()
    .where('shop_id', '=', shop.organisationId)
    .orderBy(sql`ended_at is not null`)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

/** The dates still ahead that the shop skipped, by series (shown on /series, to be undone by eye). */
export async function listSkippedDates(db: Db, actor: Actor, now: Date) {
  const shop = shopOf(actor);
  const rows = await db
    .selectFrom('donation_series_dates as sd')
    .innerJoin('donation_series as s', 's.id', 'sd.series_id')
    .select(['sd.series_id', sql<string>`sd.day::text`.as('day')])
    .where('s.shop_id', '=', shop.organisationId)
    .where('sd.skipped', '=', true)
    .where('sd.day', '>=', parisDate(now))
    .orderBy('sd.day')
    .limit(500)
    .execute();
  const bySeries = new Map<number, string[]>();
  for (const r of rows) bySeries.set(r.series_id, [...(bySeries.get(r.series_id) ?? []), r.day]);
  return bySeries;
}

/** What the series' own changes touch: its row. The occurrences follow in edits.ts. */
export async function updateSeriesRow(db: Db, id: number, input: SeriesInput, now: Date) {
  return db
    .updateTable('donation_series')
    .set({ ...rowOf(input), updated_at: now })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export function seriesToApi(s: DonationSeries) {
  const { associationId, ...fields } = inputOf(s);
  return {
    id: s.id,
    shopId: s.shop_id,
    ...fields,
    associationId,
    endedAt: s.ended_at ? s.ended_at.toISOString() : null,
    createdAt: s.created_at.toISOString(),
  };
}
