import { z } from 'zod';
import { NotFoundError } from '../http/errors.js';
import { CATEGORIES } from '../shared/categories.js';
import { parisLocalToDate } from '../shared/time.js';

/** PostgreSQL refuses NUL in text: refuse it here with a message rather than fail later. */
const noNul = /^[^\u0000]*$/;

const num = (max: number) =>
  z
    .number({ error: (iss) => (iss.input == null ? 'err.required' : 'err.number') })
    .finite('err.number')
    .max(max, 'err.too_big');
const instant = z
  .string({ error: (iss) => (iss.input == null ? 'err.required' : 'don.err.datetime') })
  .datetime({ offset: true, error: 'don.err.datetime' })
  .transform((s) => new Date(s));
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'don.err.date_format')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'don.err.date_format');

export const postDonationSchema = z.object({
  category: z.enum(CATEGORIES, { error: 'err.choice' }),
  description: z
    .string({ error: 'err.required' })
    .trim()
    .min(1, 'err.required')
    .max(300, 'err.too_long')
    .regex(noNul, 'err.invalid_char'),
  quantityKg: num(10_000).positive('don.err.kg_positive'),
  units: num(100_000).int('err.number').positive('don.err.kg_positive').nullable().optional(),
  storage: z.enum(['ambient', 'chilled', 'frozen'], { error: 'err.choice' }),
  pickupFrom: instant,
  pickupUntil: instant,
  dateKind: z.enum(['use_by', 'best_before'], { error: 'err.choice' }).nullable().optional(),
  date: day.nullable().optional(),
  packaged: z.boolean({ error: 'err.choice' }).optional(),
  sameDay: z.boolean({ error: 'err.choice' }).optional(),
  valueEur: num(1_000_000).min(0, 'err.positive').nullable().optional(),
});
export type PostDonationInput = z.infer<typeof postDonationSchema>;

export const pickupSchema = z.object({
  handoverCode: z
    .string({ error: 'err.required' })
    .trim()
    .min(1, 'err.required')
    .max(20, 'err.too_long')
    .regex(noNul, 'err.invalid_char'),
  receivedKg: num(10_000).min(0, 'err.positive'),
  quality: z.enum(['good', 'acceptable', 'poor', 'refused'], { error: 'err.choice' }),
  temperatureC: num(100).min(-60, 'don.err.temperature').nullable().optional(),
  issues: z
    .string()
    .trim()
    .max(1000, 'err.too_long')
    .regex(noNul, 'err.invalid_char')
    .nullable()
    .optional(),
});
export type PickupInput = z.infer<typeof pickupSchema>;

type Form = Record<string, string | string[]>;
const one = (form: Form, k: string) => {
  const v = form[k];
  return Array.isArray(v) ? v[v.length - 1] : v;
};
const numberOrRaw = (v: string | undefined) => {
  if (v == null || v.trim() === '') return undefined;
  const n = Number(v.replace(',', '.').trim());
  return Number.isNaN(n) ? v : n;
};

/** The phone form has a day and two times (Paris); the API has two instants. */
export function donationFromForm(form: Form) {
  const dateKind = one(form, 'dateKind') || null;
  const pickupDate = one(form, 'pickupDate') ?? '';
  const from = parisLocalToDate(pickupDate, one(form, 'pickupFromTime') ?? '');
  const until = parisLocalToDate(pickupDate, one(form, 'pickupUntilTime') ?? '');
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
  };
}

export function pickupFromForm(form: Form) {
  return {
    handoverCode: one(form, 'handoverCode'),
    receivedKg: numberOrRaw(one(form, 'receivedKg')),
    quality: one(form, 'quality'),
    temperatureC: numberOrRaw(one(form, 'temperatureC')) ?? null,
    issues: one(form, 'issues') || null,
  };
}

/** A donation id from a path: anything but a positive 32-bit integer is no such donation (404). */
export function donationIdParam(s: string) {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0 || n > 2 ** 31) throw new NotFoundError('No such donation.');
  return n;
}
