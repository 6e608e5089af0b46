import { z } from 'zod';
import { allOf, lastOf, type FormFields } from '../shared/form.js';
import { CATEGORIES } from '../shared/categories.js';
import {
  COLD_CHAIN_REASONS,
  LOCAL_ORIGINS,
  PICKUP_REASONS,
  QUALITY_LABELS,
  RELEASE_REASONS,
} from '../db/tables/donations.js';
import { hasControlChar, isCalendarDate, roundTo } from '../shared/input.js';
import { addDays, parisDate, parisLocalToDate, parisTime } from '../shared/time.js';
import { idParam } from '../shared/ids.js';

/** Numbers as their numeric(p, s) column keeps them: finite, bounded, rounded to its places. */
const num = (max: number, places?: number) => {
  const n = z
    .number({ error: (iss) => (iss.input == null ? 'err.required' : 'err.number') })
    .finite('err.number')
    .max(max, 'err.too_big')
    .min(-max, 'err.number');
  return places == null ? n : n.overwrite(roundTo(places));
};
/** Text without control characters (PostgreSQL refuses NUL; the others are never meant). */
const text = () =>
  z.string({ error: 'err.required' }).refine((s) => !hasControlChar(s), 'err.invalid_char');
const instant = z
  .string({ error: (iss) => (iss.input == null ? 'err.required' : 'don.err.datetime') })
  .datetime({ offset: true, error: 'don.err.datetime' })
  .transform((s) => new Date(s));
const day = z.string().refine(isCalendarDate, 'don.err.date_format');

export const postDonationSchema = z.object({
  category: z.enum(CATEGORIES, { error: 'err.choice' }),
  description: text().trim().min(1, 'err.required').max(300, 'err.too_long'),
  quantityKg: num(10_000, 2).min(0.01, 'don.err.kg_positive'),
  units: num(100_000).int('err.number').positive('don.err.kg_positive').nullable().optional(),
  storage: z.enum(['ambient', 'chilled', 'frozen'], { error: 'err.choice' }),
  pickupFrom: instant,
  pickupUntil: instant,
  dateKind: z.enum(['use_by', 'best_before'], { error: 'err.choice' }).nullable().optional(),
  date: day.nullable().optional(),
  packaged: z.boolean({ error: 'err.choice' }).optional(),
  sameDay: z.boolean({ error: 'err.choice' }).optional(),
  valueEur: num(1_000_000, 2).min(0, 'err.positive').nullable().optional(),
  notSellable: z.boolean({ error: 'err.choice' }).optional(),
  /** the producer's lot, for the traceability record */
  lotNumber: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    text().trim().max(40, 'err.too_long').nullable().optional(),
  ),
  /** the quality of what is given (issue #19), each optional: absent in a change keeps it */
  freshProduce: z.boolean({ error: 'err.choice' }).optional(),
  qualityLabel: z.enum(QUALITY_LABELS, { error: 'err.choice' }).nullable().optional(),
  localOrigin: z.enum(LOCAL_ORIGINS, { error: 'err.choice' }).nullable().optional(),
});
export type PostDonationInput = z.infer<typeof postDonationSchema>;

export const pickupSchema = z.object({
  handoverCode: text().trim().min(1, 'err.required').max(20, 'err.too_long'),
  receivedKg: num(10_000, 2).min(0, 'err.positive'),
  quality: z.enum(['good', 'acceptable', 'poor', 'refused'], { error: 'err.choice' }),
  temperatureC: num(100, 1).min(-60, 'don.err.temperature').nullable().optional(),
  issues: text().trim().max(1000, 'err.too_long').nullable().optional(),
  /** codes for zero kg, a refusal or food left at the shop, beside the free text */
  reasons: z
    .array(z.enum(PICKUP_REASONS, { error: 'don.err.reason_code' }), { error: 'err.choice' })
    .max(PICKUP_REASONS.length, 'err.too_long')
    .transform((r) => [...new Set(r)])
    .optional(),
  /** above the cold-chain limit, "good" or "acceptable" only with this box ticked and a reason */
  temperatureConfirmed: z.boolean({ error: 'err.choice' }).optional(),
  temperatureReason: z.enum(COLD_CHAIN_REASONS, { error: 'err.choice' }).nullable().optional(),
  /** a partial pickup: the rest offered again at once, or left at the shop (with reasons) */
  remainder: z.enum(['reoffer', 'left'], { error: 'err.choice' }).nullable().optional(),
});
export type PickupInput = z.infer<typeof pickupSchema>;

/** Giving a claim back: why (required on the site; the API may leave it out). */
export const releaseSchema = z.object({
  reason: z.enum(RELEASE_REASONS, { error: 'don.err.release_reason' }).nullable().optional(),
});

/** "Je suis en route": the time the driver expects to be at the shop (Paris, today). */
export const onTheWaySchema = z.object({
  arrivalTime: z
    .string({ error: 'don.err.arrival' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'don.err.arrival'),
});

type Form = FormFields;
const one = lastOf;
const numberOrRaw = (v: string | undefined) => {
  if (v == null || v.trim() === '') return undefined;
  const n = Number(v.replace(',', '.').trim());
  return Number.isNaN(n) ? v : n;
};

/**
 * The phone form has a day and two times (Paris), and an end day when the window goes past
 * midnight (empty: the same day); the API has two instants.
 */
export function donationFromForm(form: Form) {
  const dateKind = one(form, 'dateKind') || null;
  const pickupDate = one(form, 'pickupDate') ?? '';
  // the same day or the next one: a window is hours long, never days
  const endDay = one(form, 'pickupUntilDate') || pickupDate;
  const nextDay = parisLocalToDate(pickupDate, '12:00') ? addDays(pickupDate, 1) : null;
  const untilDate = endDay === pickupDate || endDay === nextDay ? endDay : '';
  const from = parisLocalToDate(pickupDate, one(form, 'pickupFromTime') ?? '');
  const until = parisLocalToDate(untilDate, one(form, 'pickupUntilTime') ?? '');
  return {
    category: one(form, 'category'),
    description: one(form, 'description'),
    quantityKg: numberOrRaw(one(form, 'quantityKg')),
    units: numberOrRaw(one(form, 'units')) ?? null,
    storage: one(form, 'storage'),
    pickupFrom: from ? from.toISOString() : one(form, 'pickupFromTime') ? 'invalid' : undefined,
    pickupUntil: until ? until.toISOString() : one(form, 'pickupUntilTime') ? 'invalid' : undefined,
    dateKind,
    date: dateKind ? one(form, 'date') || null : null,
    packaged: one(form, 'packaged') !== 'no',
    sameDay: one(form, 'sameDay') === 'on',
    valueEur: numberOrRaw(one(form, 'valueEur')) ?? null,
    notSellable: one(form, 'notSellable') === 'on',
    lotNumber: one(form, 'lotNumber') || null,
    freshProduce: one(form, 'freshProduce') === 'on',
    qualityLabel: one(form, 'qualityLabel') || null,
    localOrigin: one(form, 'localOrigin') || null,
  };
}

export function pickupFromForm(form: Form) {
  return {
    handoverCode: one(form, 'handoverCode'),
    receivedKg: numberOrRaw(one(form, 'receivedKg')),
    quality: one(form, 'quality'),
    temperatureC: numberOrRaw(one(form, 'temperatureC')) ?? null,
    issues: one(form, 'issues') || null,
    reasons: many(form, 'reasons'),
    temperatureConfirmed: one(form, 'temperatureConfirmed') === 'on',
    temperatureReason: one(form, 'temperatureReason') || null,
    remainder: one(form, 'remainder') || null,
  };
}

/** Checkboxes of one name, the empty ones left out. */
const many = (form: Form, k: string) => allOf(form, k, 20).filter((x) => x !== '');

/** The posting form's fields of a donation, to change it (Paris day and times). */
export function formOfDonation(d: {
  category: string;
  description: string;
  quantity_kg: number;
  units: number | null;
  storage: string;
  date_kind: string | null;
  product_date: string | null;
  packaged: boolean;
  same_day: boolean;
  value_eur: number | null;
  not_sellable: boolean;
  lot_number: string | null;
  pickup_from: Date;
  pickup_until: Date;
  fresh_produce: boolean;
  quality_label: string | null;
  local_origin: string | null;
}): Record<string, unknown> {
  return {
    category: d.category,
    description: d.description,
    quantityKg: Number(d.quantity_kg),
    units: d.units,
    storage: d.storage,
    dateKind: d.date_kind ?? '',
    date: d.product_date ?? '',
    packaged: d.packaged ? 'yes' : 'no',
    sameDay: d.same_day ? 'on' : '',
    valueEur: d.value_eur,
    notSellable: d.not_sellable ? 'on' : '',
    lotNumber: d.lot_number ?? '',
    ...qualityMarksOf(d),
    pickupDate: parisDate(d.pickup_from),
    pickupFromTime: parisTime(d.pickup_from),
    pickupUntilTime: parisTime(d.pickup_until),
    // only when the window ends on another day (past midnight): empty means the same day
    pickupUntilDate:
      parisDate(d.pickup_until) === parisDate(d.pickup_from) ? '' : parisDate(d.pickup_until),
  };
}

/** A donation id from a path: anything but an int4 id is no such donation (404). */
export const donationIdParam = (s: string) => idParam(s, 'No such donation.');

/** The quality marks of a donation as the form's values (a change, or the next post's defaults). */
export const qualityMarksOf = (d: {
  fresh_produce: boolean;
  quality_label: string | null;
  local_origin: string | null;
}) => ({
  freshProduce: d.fresh_produce ? 'on' : '',
  qualityLabel: d.quality_label ?? '',
  localOrigin: d.local_origin ?? '',
});
