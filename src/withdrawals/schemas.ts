import { z } from 'zod';
import { MAX_ID } from '../shared/ids.js';
import { ValidationError } from '../shared/errors.js';
import { hasControlChar, isCalendarDate } from '../shared/input.js';
import { parisDate, parisLocalToDate } from '../shared/time.js';
import { ENTERED_BASES, MAX_MEMBER_STATE_SHARE_PCT, MAX_TRANSPORT_KM } from './rules.js';

/** Largest single operation we accept: 1,000 tonnes. More is a typing error, not a withdrawal. */
export const MAX_OPERATION_KG = 1_000_000;
export const MAX_MARKETED_KG = 10_000_000_000;

const twoDecimals = (x: number) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;

const number = z
  .number({
    error: (iss) =>
      iss.input === undefined || iss.input === null || iss.input === ''
        ? 'err.required'
        : 'err.number',
  })
  .finite('err.number');

const kg = (max: number) =>
  number
    .min(0.01, 'wd.err.kg_positive') // the smallest weight numeric(12,2) keeps
    .max(max, 'wd.err.kg_absurd')
    .refine(twoDecimals, 'wd.err.two_decimals');

const money = number
  .min(0, 'err.positive')
  .max(10_000, 'err.too_big')
  .refine(twoDecimals, 'wd.err.two_decimals');

export const isoDate = z.string({ error: 'err.required' }).refine(isCalendarDate, 'wd.err.date');

/** Text without control characters (PostgreSQL cannot hold NUL; the others are never meant). */
const text = (max: number, tooLong = 'err.too_long') =>
  z
    .string({ error: 'err.required' })
    .trim()
    .max(max, tooLong)
    .refine((s) => !hasControlChar(s), 'wd.err.text');

const id = z
  .number({ error: 'err.required' })
  .int('err.choice')
  .positive('err.choice')
  .max(MAX_ID, 'err.choice');

/** An instant: ISO 8601 with its offset, or a form's `YYYY-MM-DDTHH:MM` read in Paris. */
const instant = z.string({ error: 'wd.err.notice' }).transform((v, ctx) => {
  const local = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(v.trim());
  const d = local
    ? parisLocalToDate(local[1], local[2])
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(v.trim())
      ? new Date(v.trim())
      : null;
  if (!d || Number.isNaN(d.getTime()) || d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 2100) {
    ctx.addIssue({ code: 'custom', message: 'wd.err.notice' });
    return z.NEVER;
  }
  return d;
});

const emptyIsNull = (v: unknown) => (v === '' ? null : v);

export const withdrawalSchema = z.object({
  product: text(40, 'wd.err.unknown_product').pipe(z.string().min(1, 'err.required')),
  quantityKg: kg(MAX_OPERATION_KG),
  date: isoDate,
  associationId: id,
  certificateNumber: z.preprocess((v) => (v === '' ? null : v), text(60).nullable().optional()),
  acceptOverCeiling: z.boolean({ error: 'err.choice' }).optional(),
  /** from the withdrawal point to the association, for the transport unit cost */
  distanceKm: z.preprocess(
    emptyIsNull,
    z
      .number({ error: 'err.number' })
      .int('wd.err.distance')
      .min(0, 'wd.err.distance')
      .max(5000, 'wd.err.distance')
      .nullable()
      .optional(),
  ),
  /** when FranceAgriMer was told */
  notifiedAt: z.preprocess(emptyIsNull, instant.nullable().optional()),
});
export type WithdrawalInput = z.infer<typeof withdrawalSchema>;

export const receiptSchema = z.object({ receivedKg: kg(MAX_OPERATION_KG) });
export const refusalSchema = z.object({
  reason: text(500).pipe(z.string().min(1, 'err.required')),
});
export const campaignSchema = z.object({ marketedKg: kg(MAX_MARKETED_KG) });

/**
 * A rate names the rule it follows. Annex IV and Annex V rates are amounts; the member state's
 * maximum is a share of an average price (the amount is worked out from both).
 */
export const rateSchema = z
  .object({
    product: text(40, 'wd.err.unknown_product').pipe(z.string().min(1, 'err.required')),
    basis: z.enum(ENTERED_BASES, { error: 'wd.err.basis' }),
    eurPer100Kg: z.preprocess(emptyIsNull, money.min(0.01, 'wd.err.kg_positive').nullish()),
    averagePriceEurPer100Kg: z.preprocess(
      emptyIsNull,
      money.min(0.01, 'wd.err.kg_positive').nullish(),
    ),
    sharePct: z.preprocess(
      emptyIsNull,
      number
        .min(0.01, 'wd.err.share')
        .max(MAX_MEMBER_STATE_SHARE_PCT, 'wd.err.share')
        .refine(twoDecimals, 'wd.err.two_decimals')
        .nullish(),
    ),
    validFrom: isoDate,
    source: text(300).pipe(z.string().min(1, 'err.required')),
  })
  .superRefine((v, ctx) => {
    const need = (path: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message: 'err.required' });
    if (v.basis === 'member_state_2022_126') {
      if (v.averagePriceEurPer100Kg == null) need('averagePriceEurPer100Kg');
      if (v.sharePct == null) need('sharePct');
    } else if (v.eurPer100Kg == null) need('eurPer100Kg');
  });
export type RateInput = z.infer<typeof rateSchema>;

export const transportCostSchema = z.object({
  validFrom: isoDate,
  upToKm: z
    .number({ error: 'err.number' })
    .int('wd.err.band')
    .min(1, 'wd.err.band')
    .max(MAX_TRANSPORT_KM, 'wd.err.band'),
  eurPer100Kg: money,
  source: text(300).pipe(z.string().min(1, 'err.required')),
});
export type TransportCostInput = z.infer<typeof transportCostSchema>;

export const flatAmountsSchema = z.object({
  transportEurPer100Kg: money.nullable(),
  sortingPackingEurPer100Kg: money.nullable(),
});
export type FlatAmountsInput = z.infer<typeof flatAmountsSchema>;

export const yearSchema = z.coerce.number().int().min(2000).max(2100);

/** A campaign year from the query string: this year (in Paris) when absent, a field error when not a year. */
export function campaignParam(value: string | undefined, now: Date) {
  if (value === undefined || value === '') return Number(parisDate(now).slice(0, 4));
  const y = yearSchema.safeParse(value);
  if (!y.success) throw new ValidationError({ campaign: 'wd.err.campaign' }, 'err.form');
  return y.data;
}

/** HTML forms send strings: numbers become numbers (or stay strings so the schema says why). */
export function fromForm(
  form: Record<string, string | string[]>,
  numbers: string[],
  nullable: string[] = [],
) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (k === '_csrf') continue;
    const s = Array.isArray(v) ? v[v.length - 1] : v;
    if (s === undefined) continue; // a field the form did not send (or sent empty as a list)
    if (numbers.includes(k)) {
      const t = s.trim().replace(/\s/g, '').replace(',', '.');
      if (t === '') out[k] = nullable.includes(k) ? null : undefined;
      else out[k] = Number.isNaN(Number(t)) ? s : Number(t);
    } else out[k] = s;
  }
  for (const k of nullable) if (!(k in out)) out[k] = null;
  return out;
}
