import { z } from 'zod';
import { hasControlChar, isCalendarDate } from '../shared/input.js';
import { isId } from '../shared/ids.js';

const day = z.string({ error: 'err.date' }).refine(isCalendarDate, 'err.date');

/** POST /api/v1/receipts and the issue form (API.md, "Receipts (Cerfa 16216)"). */
export const issueSchema = z
  .object({
    shopId: z.number({ error: 'err.required' }).refine(isId, 'err.not_found'),
    associationId: z.number({ error: 'err.number' }).refine(isId, 'err.not_found').optional(),
    periodFrom: day,
    periodTo: day,
    withoutValue: z.enum(['refuse', 'exclude'], { error: 'err.choice' }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.periodFrom > v.periodTo)
      ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'err.time_order' });
  });

export const cancelSchema = z.object({
  reason: z
    .string({ error: 'err.required' })
    .trim()
    .min(3, 'err.required')
    .max(300, 'err.too_long')
    .refine((s) => !hasControlChar(s), 'err.invalid_char'),
});

export const yearParam = z.coerce
  .number({ error: 'err.number' })
  .int('err.integer')
  .min(2000, 'err.number')
  .max(2999, 'err.number');
