import { z } from 'zod';
import { COLD_CHAIN_REASONS, PICKUP_REASONS } from '../db/tables/donations.js';
import { allOf, lastOf, type FormFields } from '../shared/form.js';
import { hasControlChar, roundTo } from '../shared/input.js';
import { idParam, isId, parseId } from '../shared/ids.js';
import { HUB_MAX_CAPACITY_KG, HUB_MAX_PARTNERS } from './rules.js';

const kg = (min: number) =>
  z
    .number({ error: (iss) => (iss.input == null ? 'err.required' : 'err.number') })
    .finite('err.number')
    .max(HUB_MAX_CAPACITY_KG, 'err.too_big')
    .min(min, min > 0 ? 'don.err.kg_positive' : 'err.positive')
    .overwrite(roundTo(2));

export const hubSchema = z.object({
  capacityChilledKg: kg(0),
  capacityFrozenKg: kg(0),
  openingHours: z
    .string({ error: 'err.required' })
    .refine((s) => !hasControlChar(s), 'err.invalid_char')
    .trim()
    .min(1, 'err.required')
    .max(300, 'err.too_long'),
  active: z.boolean({ error: 'err.choice' }).optional(),
  /** checked against HUB_MAX_PARTNERS with its own message; the list itself is bounded here */
  partnerIds: z
    .array(z.number({ error: 'err.choice' }).refine(isId, 'err.choice'), { error: 'err.choice' })
    .max(HUB_MAX_PARTNERS * 5, 'hub.err.too_many_partners'),
});
export type HubInput = z.infer<typeof hubSchema>;

export const answerSchema = z.object({
  decision: z.enum(['accept', 'decline'], { error: 'err.choice' }),
});

export const hubClaimSchema = z.object({
  donationId: z.number({ error: 'err.required' }).refine(isId, 'err.not_found'),
  collector: z.enum(['hub', 'partner'], { error: 'err.choice' }),
});
export type HubClaimInput = z.infer<typeof hubClaimSchema>;

export const depositSchema = z.object({
  receivedKg: z
    .number({ error: (iss) => (iss.input == null ? 'err.required' : 'err.number') })
    .finite('err.number')
    .max(10_000, 'err.too_big')
    .min(0.01, 'don.err.kg_positive')
    .overwrite(roundTo(2))
    .optional(),
  temperatureC: z
    .number({ error: 'err.number' })
    .finite('err.number')
    .min(-60, 'don.err.temperature')
    .max(100, 'err.too_big')
    .overwrite(roundTo(1))
    .nullable()
    .optional(),
  temperatureConfirmed: z.boolean({ error: 'err.choice' }).optional(),
  temperatureReason: z.enum(COLD_CHAIN_REASONS, { error: 'err.choice' }).nullable().optional(),
  /** the hub refuses the food on arrival, for this reason: 0 kg kept, nothing to fetch */
  refusalReason: z.enum(PICKUP_REASONS, { error: 'err.choice' }).nullable().optional(),
});
export type DepositInput = z.infer<typeof depositSchema>;

const numberOrRaw = (v: string | undefined) => {
  if (v == null || v.trim() === '') return undefined;
  const n = Number(v.replace(',', '.').trim());
  return Number.isNaN(n) ? v : n;
};

export function hubFromForm(form: FormFields) {
  return {
    capacityChilledKg: numberOrRaw(lastOf(form, 'capacityChilledKg')) ?? 0,
    capacityFrozenKg: numberOrRaw(lastOf(form, 'capacityFrozenKg')) ?? 0,
    openingHours: lastOf(form, 'openingHours'),
    active: lastOf(form, 'active') !== 'no',
    partnerIds: allOf(form, 'partnerIds', HUB_MAX_PARTNERS * 5).map((s) => parseId(s) ?? -1),
  };
}

export function depositFromForm(form: FormFields) {
  return {
    receivedKg: numberOrRaw(lastOf(form, 'receivedKg')),
    temperatureC: numberOrRaw(lastOf(form, 'temperatureC')) ?? null,
    temperatureConfirmed: lastOf(form, 'temperatureConfirmed') === 'on',
    temperatureReason: lastOf(form, 'temperatureReason') || null,
    refusalReason: lastOf(form, 'refusalReason') || null,
  };
}

export const hubIdParam = (s: string) => idParam(s);
