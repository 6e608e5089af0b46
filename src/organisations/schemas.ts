import { z } from 'zod';
import { allOf, lastOf } from '../shared/form.js';
import { CATEGORIES } from '../shared/categories.js';
import { hasControlChar, roundTo } from '../shared/input.js';
import { optionalFrenchPhone } from '../shared/phone.js';
import { isInseeCode } from '../places/locate.js';
import { identityChecks, identityFields } from './identity.js';

// PostgreSQL text cannot hold a NUL character, and other control characters are never meant:
// refuse them here rather than fail in the database
const text = (max: number) =>
  z
    .string({ error: 'err.required' })
    .trim()
    .max(max, 'err.too_long')
    .refine((s) => !hasControlChar(s), 'err.invalid_char');
const optionalText = (max: number) =>
  z.preprocess((v) => (v === '' ? null : v), text(max).nullable().optional());
const num = z
  .number({
    error: (iss) => (iss.input === undefined || iss.input === null ? 'err.required' : 'err.number'),
  })
  .finite('err.number');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'err.time');

export const organisationFields = {
  name: text(120).min(1, 'err.required'),
  address: optionalText(200),
  town: optionalText(80),
  postcode: optionalText(10),
  // 7 decimals (about 1 cm): finer is noise, and distances between points 1e-300 apart
  // underflow in PostgreSQL's trigonometry
  lat: num.overwrite(roundTo(7)).min(-90, 'err.lat').max(90, 'err.lat'),
  lng: num.overwrite(roundTo(7)).min(-180, 'err.lng').max(180, 'err.lng'),
  phone: optionalText(30),
  // a shop's way in and its pickup phone, for the association holding a claim (donations/contacts.ts)
  accessNotes: optionalText(500),
  pickupPhone: optionalFrenchPhone,
};

export const associationFields = {
  radiusKm: num.overwrite(roundTo(3)).min(0.1, 'err.positive').max(200, 'err.too_big').optional(),
  acceptedCategories: z
    .array(z.enum(CATEGORIES, { error: 'err.choice' }))
    .nullable()
    .optional(),
  storage: z
    .object({
      chilled: z.boolean({ error: 'err.choice' }),
      frozen: z.boolean({ error: 'err.choice' }),
    })
    .optional(),
  sameDayCapacity: z.boolean({ error: 'err.choice' }).optional(),
  minKg: num
    .overwrite(roundTo(2))
    .min(0, 'err.positive')
    .max(100000, 'err.too_big')
    .nullable()
    .optional(),
  maxKg: num
    .overwrite(roundTo(2))
    .min(0, 'err.positive')
    .max(100000, 'err.too_big')
    .nullable()
    .optional(),
  pickupDays: z.array(z.number().int().min(1, 'err.choice').max(7, 'err.choice')).max(7).optional(),
  pickupFrom: time.nullable().optional(),
  pickupUntil: time.nullable().optional(),
};

const checks = (
  v: {
    minKg?: number | null;
    maxKg?: number | null;
    pickupFrom?: string | null;
    pickupUntil?: string | null;
  },
  ctx: z.RefinementCtx,
) => {
  if (v.minKg != null && v.maxKg != null && v.minKg > v.maxKg)
    ctx.addIssue({ code: 'custom', path: ['maxKg'], message: 'err.min_max' });
  if (v.pickupFrom && v.pickupUntil && v.pickupFrom >= v.pickupUntil)
    ctx.addIssue({ code: 'custom', path: ['pickupUntil'], message: 'err.time_order' });
};

/** The admin form's: its place is chosen apart (places/choose.ts), coordinates only by hand. */
export const createOrganisationSchema = z
  .object({
    kind: z.enum(['shop', 'association', 'producer_org', 'territory'], { error: 'err.choice' }),
    ...organisationFields,
    lat: organisationFields.lat.optional(),
    lng: organisationFields.lng.optional(),
    ...associationFields,
    ...identityFields,
    approved: z.boolean({ error: 'err.choice' }).optional(),
  })
  .superRefine(checks)
  .superRefine(identityChecks);

export const updateOrganisationSchema = z
  .object({
    ...Object.fromEntries(Object.entries(organisationFields).map(([k, v]) => [k, v.optional()])),
    ...associationFields,
    ...identityFields,
    approved: z.boolean({ error: 'err.choice' }).optional(),
  } as {
    [K in keyof typeof organisationFields]: z.ZodOptional<(typeof organisationFields)[K]>;
  } & typeof associationFields &
    typeof identityFields & { approved: z.ZodOptional<z.ZodBoolean> })
  .superRefine(checks)
  .superRefine(identityChecks);

/** The commune's INSEE code, given with coordinates placed by hand (API only). */
const citycode = z
  .string({ error: 'err.citycode' })
  .trim()
  .toUpperCase()
  .refine(isInseeCode, 'err.citycode')
  .nullable()
  .optional();

/** A new organisation's coordinates come as a pair; without them, its address is looked up (API.md, "Places"). */
const coordinatesOrAddress = (
  v: { lat?: number; lng?: number; address?: string | null },
  ctx: z.RefinementCtx,
) => {
  const given = [v.lat, v.lng].filter((x) => x !== undefined).length;
  if (given === 2 || (given === 0 && v.address)) return;
  for (const k of ['lat', 'lng'] as const)
    if (v[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'err.required' });
};

/**
 * The API's organisation: as the admin form's, but an address may stand for the coordinates (it
 * is looked up), and an INSEE code may come with coordinates given by hand.
 */
export const createOrganisationApiSchema = z
  .object({
    kind: z.enum(['shop', 'association', 'producer_org', 'territory'], { error: 'err.choice' }),
    ...organisationFields,
    lat: organisationFields.lat.optional(),
    lng: organisationFields.lng.optional(),
    citycode,
    ...associationFields,
    ...identityFields,
    approved: z.boolean({ error: 'err.choice' }).optional(),
  })
  .superRefine(checks)
  .superRefine(identityChecks)
  .superRefine(coordinatesOrAddress);

export const updateOrganisationApiSchema = z
  .object({
    ...Object.fromEntries(Object.entries(organisationFields).map(([k, v]) => [k, v.optional()])),
    citycode,
    ...associationFields,
    ...identityFields,
    approved: z.boolean({ error: 'err.choice' }).optional(),
  } as {
    [K in keyof typeof organisationFields]: z.ZodOptional<(typeof organisationFields)[K]>;
  } & typeof associationFields &
    typeof identityFields & {
      approved: z.ZodOptional<z.ZodBoolean>;
      citycode: typeof citycode;
    })
  .superRefine(checks)
  .superRefine(identityChecks);

export type CreateOrganisationInput = z.infer<typeof createOrganisationApiSchema>;
export type UpdateOrganisationInput = z.infer<typeof updateOrganisationApiSchema>;

export const signUpSchema = z
  .object({
    kind: z.enum(['shop', 'association'], { error: 'err.choice' }),
    orgName: organisationFields.name,
    address: organisationFields.address,
    town: organisationFields.town,
    postcode: organisationFields.postcode,
    // given by hand only when the address service cannot place the address (places/choose.ts)
    lat: organisationFields.lat.optional(),
    lng: organisationFields.lng.optional(),
    name: text(80).min(1, 'err.required'),
    email: text(200).pipe(z.email('err.email')),
    password: z
      .string({ error: 'err.required' })
      .min(10, 'err.password_short')
      .max(200, 'err.too_long'),
    passwordConfirm: z.string({ error: 'err.required' }),
  })
  .superRefine((v, ctx) => {
    if (v.password !== v.passwordConfirm)
      ctx.addIssue({ code: 'custom', path: ['passwordConfirm'], message: 'err.password_mismatch' });
  });
export type SignUpInput = z.infer<typeof signUpSchema>;

export const memberSchema = z.object({
  email: text(200).pipe(z.email('err.email')),
  name: z.preprocess((v) => (v == null || v === '' ? undefined : v), text(80).optional()),
  password: z.string().min(10, 'err.password_short').max(200, 'err.too_long').optional(),
  role: z.enum(['manager', 'member'], { error: 'err.choice' }),
});
export type MemberInput = z.infer<typeof memberSchema>;

/** HTML forms send strings: turn them into the JSON shapes the schemas check. */
export function organisationFromForm(form: Record<string, string | string[]>) {
  const one = (k: string) => lastOf(form, k);
  const many = (k: string) => allOf(form, k);
  const number = (k: string) => {
    const v = one(k);
    if (v == null || v.trim() === '') return undefined;
    const n = Number(v.replace(',', '.'));
    return Number.isNaN(n) ? v : n; // a non-number stays a string so the schema reports it
  };
  const out: Record<string, unknown> = {};
  for (const k of [
    'kind',
    'name',
    'address',
    'town',
    'postcode',
    'phone',
    'accessNotes',
    'pickupPhone',
    'orgName',
    'email',
    'password',
    'passwordConfirm',
    'role',
  ])
    if (one(k) !== undefined) out[k] = one(k);
  if (one('yourName') !== undefined) out.name = one('yourName');
  for (const k of ['lat', 'lng', 'radiusKm']) if (one(k) !== undefined) out[k] = number(k);
  for (const k of ['minKg', 'maxKg']) if (one(k) !== undefined) out[k] = number(k) ?? null;
  if (one('profileForm') === 'association') {
    const cats = many('acceptedCategories');
    out.acceptedCategories = cats.length ? cats : null;
    out.storage = { chilled: one('chilled') === 'on', frozen: one('frozen') === 'on' };
    out.sameDayCapacity = one('sameDayCapacity') === 'on';
    out.pickupDays = many('pickupDays').map(Number);
  }
  for (const k of ['siret', 'siren', 'rna', 'legalForm', 'object', 'receiptPeriod'])
    if (one(k) !== undefined) out[k] = one(k);
  if (one('salesAreaM2') !== undefined) out.salesAreaM2 = number('salesAreaM2') ?? null;
  if (one('approvalLevel') !== undefined)
    out.approval = one('approvalLevel')
      ? {
          level: one('approvalLevel'),
          number: one('approvalNumber') || null,
          startsOn: one('approvalStartsOn') || null,
          endsOn: one('approvalEndsOn') || null,
        }
      : null;
  if (one('profileForm')) {
    out.pickupFrom = one('pickupFrom') || null;
    out.pickupUntil = one('pickupUntil') || null;
  }
  return out;
}
