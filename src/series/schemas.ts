import { z } from 'zod';
import { CATEGORIES } from '../shared/categories.js';
import { hasControlChar, isCalendarDate, roundTo } from '../shared/input.js';
import { allOf, lastOf, type FormFields } from '../shared/form.js';
import { idParam } from '../shared/ids.js';
import { LOCAL_ORIGINS, QUALITY_LABELS } from '../db/tables/donations.js';

const num = (max: number, places: number) =>
  z
    .number({ error: (iss) => (iss.input == null ? 'err.required' : 'err.number') })
    .finite('err.number')
    .max(max, 'err.too_big')
    .min(-max, 'err.number')
    .overwrite(roundTo(places));
const text = () =>
  z.string({ error: 'err.required' }).refine((s) => !hasControlChar(s), 'err.invalid_char');
// a real day, and one of this century (a skip or a holiday in the year 9999 is a typing error)
const day = z
  .string({ error: (iss) => (iss.input == null ? 'err.required' : 'don.err.date_format') })
  .refine(isCalendarDate, 'don.err.date_format')
  .refine((d) => d >= '2000-01-01' && d < '2100-01-01', 'don.err.date_format');
const time = z
  .string({ error: (iss) => (iss.input == null ? 'err.required' : 'series.err.time') })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'series.err.time');

/** Lead time: how long before the window opens an occurrence is posted (at most 6 days). */
export const MAX_LEAD_MINUTES = 6 * 24 * 60;
export const DEFAULT_LEAD_MINUTES = 360;

const fields = {
  category: z.enum(CATEGORIES, { error: 'err.choice' }),
  description: text().trim().min(1, 'err.required').max(300, 'err.too_long'),
  quantityKg: num(10_000, 2).min(0.01, 'don.err.kg_positive'),
  units: z
    .number({ error: 'err.number' })
    .int('err.number')
    .positive('don.err.kg_positive')
    .max(100_000, 'err.too_big')
    .nullable()
    .optional(),
  storage: z.enum(['ambient', 'chilled', 'frozen'], { error: 'err.choice' }),
  weekdays: z
    .array(
      z
        .number({ error: 'series.err.weekday' })
        .int('series.err.weekday')
        .min(1, 'series.err.weekday')
        .max(7, 'series.err.weekday'),
      { error: 'series.err.weekdays' },
    )
    .min(1, 'series.err.weekdays')
    .max(7, 'series.err.weekdays')
    .transform((w) => [...new Set(w)].sort()),
  pickupFromTime: time,
  pickupUntilTime: time,
  startsOn: day,
  endsOn: day.nullable().optional(),
  dateKind: z.enum(['use_by', 'best_before'], { error: 'err.choice' }).nullable().optional(),
  /** the product's date as days after each pickup day (needed with dateKind) */
  dateOffsetDays: z
    .number({ error: 'err.number' })
    .int('err.number')
    .min(0, 'err.positive')
    .max(365, 'err.too_big')
    .nullable()
    .optional(),
  packaged: z.boolean({ error: 'err.choice' }).optional(),
  valueEur: num(1_000_000, 2).min(0, 'err.positive').nullable().optional(),
  leadMinutes: z
    .number({ error: 'err.number' })
    .int('err.number')
    .min(0, 'err.positive')
    .max(MAX_LEAD_MINUTES, 'series.err.lead')
    .optional(),
  associationId: z
    .number({ error: 'err.number' })
    .int('err.number')
    .positive('err.number')
    .max(2_147_483_647, 'err.number')
    .nullable()
    .optional(),
  /** the quality marks (issue #19) of every occurrence, named as a donation's; absent: none */
  freshProduce: z.boolean({ error: 'err.choice' }).optional(),
  qualityLabel: z.enum(QUALITY_LABELS, { error: 'err.choice' }).nullable().optional(),
  localOrigin: z.enum(LOCAL_ORIGINS, { error: 'err.choice' }).nullable().optional(),
  /** with associationId: until how many hours before the window it must confirm each date */
  confirmHoursBefore: z
    .number({ error: 'err.number' })
    .int('err.number')
    .min(1, 'arr.err.confirm_hours')
    .max(168, 'arr.err.confirm_hours')
    .optional(),
};

/** The window stays within one day; the end is not before the start. */
function checkShape(
  s: {
    pickupFromTime?: string;
    pickupUntilTime?: string;
    startsOn?: string;
    endsOn?: string | null;
  },
  ctx: z.RefinementCtx,
) {
  if (s.pickupFromTime && s.pickupUntilTime && s.pickupUntilTime <= s.pickupFromTime)
    ctx.addIssue({
      code: 'custom',
      path: ['pickupUntilTime'],
      message: 'series.err.window_midnight',
    });
  if (s.startsOn && s.endsOn && s.endsOn < s.startsOn)
    ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'series.err.ends_before' });
}

export const seriesSchema = z.object(fields).superRefine(checkShape);
export type SeriesInput = z.infer<typeof seriesSchema>;

/** PATCH: any of the fields; what is left out stays. */
export const seriesPatchSchema = z.object(fields).partial().superRefine(checkShape);
export type SeriesPatch = z.infer<typeof seriesPatchSchema>;

export const skipSchema = z.object({ date: day });

/** Why an arrangement ends (required: the other side reads it). */
export const endArrangementSchema = z.object({
  reason: text().trim().min(1, 'arr.err.reason').max(300, 'err.too_long'),
});

/** The association's answer: the days given (at most a month's), or a whole week. */
export const decisionSchema = z
  .object({
    decision: z.enum(['confirm', 'decline'], { error: 'err.choice' }),
    days: z.array(day, { error: 'arr.err.no_dates' }).max(31, 'err.too_big').optional(),
    weekOf: day.optional(),
  })
  .refine((d) => (d.days?.length ?? 0) > 0 || d.weekOf, {
    path: ['days'],
    message: 'arr.err.no_dates',
  });

/** A shop's holidays: a range of dates (at most a year). */
export const closureSchema = z.object({ startsOn: day, endsOn: day }).superRefine((c, ctx) => {
  if (c.endsOn < c.startsOn)
    ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'series.err.ends_before' });
  else if (Date.parse(c.endsOn) - Date.parse(c.startsOn) > 366 * 86_400_000)
    ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'series.err.closure_long' });
});

const numberOrRaw = (v: string | undefined) => {
  if (v == null || v.trim() === '') return undefined;
  const n = Number(v.replace(',', '.').trim());
  return Number.isNaN(n) ? v : n;
};

/** The phone form's fields as the API's body (weekdays as checkboxes, the lead in hours). */
export function seriesFromForm(form: FormFields) {
  const one = (k: string) => lastOf(form, k);
  const dateKind = one('dateKind') || null;
  const lead = numberOrRaw(one('leadHours'));
  return {
    category: one('category'),
    description: one('description'),
    quantityKg: numberOrRaw(one('quantityKg')),
    storage: one('storage'),
    weekdays: allOf(form, 'weekdays', 7).map((w) => numberOrRaw(w)),
    pickupFromTime: one('pickupFromTime'),
    pickupUntilTime: one('pickupUntilTime'),
    startsOn: one('startsOn'),
    endsOn: one('endsOn') || null,
    dateKind,
    dateOffsetDays: dateKind ? (numberOrRaw(one('dateOffsetDays')) ?? null) : null,
    packaged: one('packaged') !== 'no',
    valueEur: numberOrRaw(one('valueEur')) ?? null,
    leadMinutes: typeof lead === 'number' ? Math.round(lead * 60) : lead,
    associationId: numberOrRaw(one('associationId')) ?? null,
    confirmHoursBefore: numberOrRaw(one('confirmHoursBefore')),
    freshProduce: one('freshProduce') === 'on',
    qualityLabel: one('qualityLabel') || null,
    localOrigin: one('localOrigin') || null,
  };
}

/** Form field names for the API's (the lead is typed in hours). */
export const FORM_FIELD: Record<string, string> = { leadMinutes: 'leadHours' };

export const seriesIdParam = (s: string) => idParam(s, 'series.err.not_found');
