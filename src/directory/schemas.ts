import { z } from 'zod';
import { isInseeCode } from '../places/locate.js';
import { allOf, lastOf, type FormFields } from '../shared/form.js';
import { hasControlChar } from '../shared/input.js';
import { optionalFrenchPhone } from '../shared/phone.js';

/** What an association does for people, as a small fixed list. */
export const SERVICES = ['grocery', 'parcels', 'meals', 'other'] as const;
export type Service = (typeof SERVICES)[number];
export const LOCATIONS = ['none', 'commune', 'address'] as const;
/** The kinds listed in a territory's directory (a territory is not one of its own actors). */
export const LISTED_KINDS = ['shop', 'association', 'producer_org'] as const;

const emptyToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const text = (max: number) =>
  z
    .string({ error: 'err.choice' })
    .trim()
    .min(1, 'err.required')
    .max(max, 'err.too_long')
    .refine((s) => !hasControlChar(s), 'err.invalid_char');

/** Only http(s) addresses become links: never `javascript:`, never a password in the URL. */
const website = z
  .string({ error: 'dir.err.website' })
  .trim()
  .max(200, 'err.too_long')
  .transform((s, ctx) => {
    const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `https://${s}`;
    let url: URL | null = null;
    try {
      url = new URL(withScheme);
    } catch {
      url = null;
    }
    const ok =
      url &&
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      !url.username &&
      !url.password &&
      url.hostname.includes('.') &&
      url.href.length <= 200 &&
      !hasControlChar(s);
    if (!ok) {
      ctx.addIssue({ code: 'custom', message: 'dir.err.website' });
      return z.NEVER;
    }
    return url!.href;
  });

const flag = z.boolean({ error: 'err.choice' }).default(false);

/**
 * An organisation's directory entry, whole (PUT replaces it): whatever is left out is not shown.
 * Services and new beneficiaries are an association's, "gives" a shop's; the domain drops the rest.
 */
export const directoryEntrySchema = z.object({
  listed: flag,
  showName: flag,
  showKind: flag,
  location: z.enum(LOCATIONS, { error: 'err.choice' }).default('none'),
  services: z
    .array(z.enum(SERVICES, { error: 'err.choice' }))
    .max(SERVICES.length, 'err.choice')
    .default([]),
  hours: z.preprocess(emptyToNull, text(300).nullable()).default(null),
  newBeneficiaries: z.boolean({ error: 'err.choice' }).nullable().default(null),
  phone: optionalFrenchPhone,
  email: z.preprocess(emptyToNull, text(200).pipe(z.email('err.email')).nullable()).default(null),
  website: z.preprocess(emptyToNull, website.nullable()).default(null),
  showGiving: flag,
});
export type DirectoryEntryInput = z.infer<typeof directoryEntrySchema>;

/** The HTML form's fields as the schema's shapes: unticked boxes are absent, hence false. */
export function directoryFromForm(form: FormFields) {
  const one = (k: string) => lastOf(form, k);
  const tick = (k: string) => one(k) === 'on';
  const nb = one('newBeneficiaries');
  return {
    listed: tick('listed'),
    showName: tick('showName'),
    showKind: tick('showKind'),
    location: one('location') ?? 'none',
    services: allOf(form, 'services', SERVICES.length + 1),
    hours: one('hours') ?? null,
    newBeneficiaries: nb === 'yes' ? true : nb === 'no' ? false : nb ? nb : null,
    phone: one('phone') ?? null,
    email: one('email') ?? null,
    website: one('website') ?? null,
    showGiving: tick('showGiving'),
  };
}

const optionalQuery = <T extends z.ZodType>(inner: T) => z.preprocess(emptyToNull, inner.nullish());

/** The public page's filters (a GET form): a bad value is said beside its field (422). */
export const directoryQuerySchema = z.object({
  kind: optionalQuery(z.enum(LISTED_KINDS, { error: 'err.choice' })),
  commune: optionalQuery(
    z.string({ error: 'err.choice' }).trim().toUpperCase().refine(isInseeCode, 'err.choice'),
  ),
  service: optionalQuery(z.enum(SERVICES, { error: 'err.choice' })),
  gives: optionalQuery(z.enum(['1'], { error: 'err.choice' })),
  page: optionalQuery(
    z.coerce
      .number({ error: 'err.integer' })
      .int('err.integer')
      .min(1, 'err.positive')
      .max(100, 'err.too_big'),
  ),
});
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;
