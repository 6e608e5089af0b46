import { z } from 'zod';
import { hasControlChar } from '../shared/input.js';
import { lastOf, type FormFields } from '../shared/form.js';

const text = (max: number) =>
  z
    .string({ error: 'err.required' })
    .refine((s) => !hasControlChar(s), 'err.invalid_char')
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'err.required').max(max, 'err.too_long'));

/** A territory's news item: a title and a short text (line ends kept). */
export const newsSchema = z.object({ title: text(120), body: text(2000) }).strict();
export type NewsInput = z.infer<typeof newsSchema>;

export const newsFromForm = (form: FormFields) => ({
  title: lastOf(form, 'title') ?? '',
  body: (lastOf(form, 'body') ?? '').replace(/\r\n/g, '\n'),
});
