import { z } from 'zod';
import { isId, MAX_ID, parseId } from '../shared/ids.js';
import { allOf, lastOf, type FormFields } from '../shared/form.js';
import { MAX_STOPS } from './rounds.js';

const id = z
  .number({ error: 'round.err.bad_id' })
  .int('round.err.bad_id')
  .min(1, 'round.err.bad_id')
  .max(MAX_ID, 'round.err.bad_id');

/** POST /api/v1/rounds: the donations to claim (1 to 7), and where the car leaves from. */
export const createRoundSchema = z.object({
  // each id checked as a whole, so the message is the list's (error.fields.donationIds)
  donationIds: z
    .array(z.unknown(), { error: 'round.err.none_chosen' })
    .min(1, 'round.err.none_chosen')
    .max(MAX_STOPS, 'round.err.too_many')
    .refine((ids) => ids.every(isId), 'round.err.bad_id')
    .transform((ids) => ids as number[]),
  start: z
    .object({
      lat: z.number({ error: 'err.number' }).min(-90, 'err.number').max(90, 'err.number'),
      lng: z.number({ error: 'err.number' }).min(-180, 'err.number').max(180, 'err.number'),
    })
    .nullable()
    .optional(),
});

export const partnerSchema = z.object({ associationId: id.nullable() });

export const answerSchema = z.object({ accept: z.boolean({ error: 'err.choice' }) });

export const splitSchema = z.object({
  partnerKg: z
    .number({ error: 'err.number' })
    .finite('err.number')
    .min(0, 'round.err.split_too_much')
    .max(100_000, 'round.err.split_too_much'),
});

/**
 * The round form's boxes ticked: their ids, or the field's message (a value that is no id, or
 * more boxes than a round may have; the domain checks the count and the repeats again).
 */
export function selectionFromForm(form: FormFields): number[] | null {
  const raw = allOf(form, 'donationIds', 50);
  const ids = raw.map((s) => parseId(s));
  return ids.some((n) => n == null) ? null : (ids as number[]);
}

/** A kg typed with a comma or a point; anything else is NaN (the field's message). */
export const kgFromForm = (form: FormFields, k: string) => {
  const v = (lastOf(form, k) ?? '').replace(',', '.').trim();
  return v === '' || !/^\d+(\.\d+)?$/.test(v) ? NaN : Number(v);
};
