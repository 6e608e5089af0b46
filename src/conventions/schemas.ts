import { z } from 'zod';
import { CATEGORIES } from '../shared/categories.js';
import { isId } from '../shared/ids.js';
import { hasControlChar, isCalendarDate } from '../shared/input.js';

/** Dates of an agreement: a real day within 2000-2099 (as the regular donations' dates). */
const day = z
  .string({ error: 'err.date' })
  .refine(isCalendarDate, 'err.date')
  .refine((s) => s >= '2000-01-01' && s <= '2099-12-31', 'conv.err.date_range');

const text = (min: number, max: number) =>
  z
    .string({ error: 'err.required' })
    .trim()
    .min(min, 'err.required')
    .max(max, 'err.too_long')
    .refine((s) => !hasControlChar(s), 'err.invalid_char');

const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    text(1, max).nullable().optional(),
  );

const orgId = z.number({ error: 'err.required' }).refine(isId, 'err.not_found');

/** POST /api/v1/conventions and the proposal form. */
export const proposeSchema = z
  .object({
    shopId: orgId,
    associationId: orgId,
    categories: z
      .array(z.enum(CATEGORIES, { error: 'err.choice' }), { error: 'conv.err.categories' })
      .min(1, 'conv.err.categories')
      .max(CATEGORIES.length, 'conv.err.categories'),
    pickupArrangements: text(3, 1000),
    qualityContact: optionalText(300),
    startsOn: day,
    endsOn: day.nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn && v.endsOn <= v.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'conv.err.ends_before' });
  });
export type ProposeInput = z.infer<typeof proposeSchema>;

/** Declining or ending: the reason, required when ending, optional when declining. */
export const reasonSchema = z.object({ reason: optionalText(300) });
export const endSchema = z.object({ reason: text(3, 300) });

/** The proposal form's fields as the schema reads them (ids as numbers, categories as a list). */
export function proposalFromForm(f: Record<string, string | string[]>) {
  const id = (v: unknown) => (typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : v);
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  return {
    shopId: id(one(f.shopId)),
    associationId: id(one(f.associationId)),
    categories: [f.categories ?? []].flat(),
    pickupArrangements: one(f.pickupArrangements),
    qualityContact: one(f.qualityContact),
    startsOn: one(f.startsOn),
    endsOn: one(f.endsOn) || null,
  };
}
