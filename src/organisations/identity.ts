import { z } from 'zod';
import type { Organisation, OrganisationUpdate } from '../db/schema.js';
import { hasControlChar, isCalendarDate } from '../shared/input.js';
import { addDays } from '../shared/period.js';

/** The Luhn key over a string of digits (INSEE's rule for SIREN and SIRET). */
export function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** La Poste's SIREN: its establishments' SIRETs do not follow the Luhn key (INSEE). */
export const LA_POSTE_SIREN = '356000000';

export const isSiren = (s: string) => /^\d{9}$/.test(s) && luhnOk(s);

/**
 * A SIRET: 14 digits, its SIREN's key and its own Luhn key right. La Poste's establishments are
 * the one exception INSEE publishes: their SIRET's digits add up to a multiple of 5 instead.
 */
export function isSiret(s: string): boolean {
  if (!/^\d{14}$/.test(s) || !isSiren(s.slice(0, 9))) return false;
  if (luhnOk(s)) return true;
  if (s.startsWith(LA_POSTE_SIREN)) return [...s].reduce((a, c) => a + Number(c), 0) % 5 === 0;
  return false;
}

/**
 * An RNA number: W and 9 characters, the first three being the prefecture's code (digits, or 2A
 * and 2B in Corsica), then 6 digits.
 */
export const isRna = (s: string) => /^W(\d{3}|2[AB]\d)\d{6}$/.test(s);

/** What people type: spaces, dots and dashes between groups of digits. */
const compact = (v: unknown) =>
  typeof v === 'string' ? v.replace(/[\s.\-]/g, '').toUpperCase() || null : v;

const code = (check: (s: string) => boolean, message: string) =>
  z.preprocess(
    compact,
    z.string({ error: message }).max(20, message).refine(check, message).nullable().optional(),
  );

const shortText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z
      .string({ error: 'err.required' })
      .trim()
      .max(max, 'err.too_long')
      .refine((s) => !hasControlChar(s), 'err.invalid_char')
      .nullable()
      .optional(),
  );

export const approvalSchema = z
  .object({
    level: z.enum(['national', 'regional', 'law'], { error: 'err.choice' }),
    number: shortText(60),
    startsOn: z
      .string({ error: 'err.date' })
      .refine(isCalendarDate, 'err.date')
      .nullable()
      .optional(),
    endsOn: z
      .string({ error: 'err.date' })
      .refine(isCalendarDate, 'err.date')
      .nullable()
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.startsOn && v.endsOn && v.endsOn < v.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'err.time_order' });
    if (v.level === 'law') return;
    if (!v.number) ctx.addIssue({ code: 'custom', path: ['number'], message: 'err.required' });
    if (!v.endsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'err.required' });
  });

/** The identity fields of the API (API.md, "Organisation identity fields") and the forms. */
export const identityFields = {
  siret: code(isSiret, 'err.siret'),
  siren: code(isSiren, 'err.siren'),
  rna: code(isRna, 'err.rna'),
  legalForm: shortText(80),
  object: shortText(300),
  salesAreaM2: z
    .number({ error: 'err.number' })
    .int('err.integer')
    .min(0, 'err.positive')
    .max(1_000_000, 'err.too_big')
    .nullable()
    .optional(),
  approval: approvalSchema.nullable().optional(),
  /** an association's receipts: one per month, quarter or year of each shop */
  receiptPeriod: z.enum(['month', 'quarter', 'year'], { error: 'err.choice' }).optional(),
};

export type IdentityInput = {
  siret?: string | null;
  siren?: string | null;
  rna?: string | null;
  legalForm?: string | null;
  object?: string | null;
  salesAreaM2?: number | null;
  approval?: z.infer<typeof approvalSchema> | null;
  receiptPeriod?: 'month' | 'quarter' | 'year';
};

/** A SIRET and a SIREN given together must agree (the SIREN is the SIRET's first nine digits). */
export function identityChecks(v: IdentityInput, ctx: z.RefinementCtx) {
  if (v.siret && v.siren && v.siret.slice(0, 9) !== v.siren)
    ctx.addIssue({ code: 'custom', path: ['siren'], message: 'err.siren_siret' });
}

/** The columns the identity fields set; a shop's SIREN comes from its SIRET. */
export function identityColumns(input: IdentityInput): OrganisationUpdate {
  const c: OrganisationUpdate = {};
  if (input.siret !== undefined) {
    c.siret = input.siret ?? null;
    if (input.siret) c.siren = input.siret.slice(0, 9);
  }
  if (input.siren !== undefined && !input.siret) c.siren = input.siren ?? null;
  if (input.rna !== undefined) c.rna = input.rna ?? null;
  if (input.legalForm !== undefined) c.legal_form = input.legalForm ?? null;
  if (input.object !== undefined) c.purpose = input.object ?? null;
  if (input.salesAreaM2 !== undefined) c.sales_area_m2 = input.salesAreaM2 ?? null;
  if (input.receiptPeriod !== undefined) c.receipt_period = input.receiptPeriod;
  if (input.approval !== undefined) {
    const a = input.approval;
    c.approval_level = a?.level ?? null;
    c.approval_number = a?.number ?? null;
    c.approval_starts_on = a?.startsOn ?? null;
    c.approval_ends_on = a?.endsOn ?? null;
  }
  return c;
}

export function identityToApi(o: Organisation) {
  return {
    siret: o.siret,
    siren: o.siren,
    legalForm: o.legal_form,
    salesAreaM2: o.sales_area_m2,
    rna: o.rna,
    object: o.purpose,
    approval: o.approval_level
      ? {
          level: o.approval_level,
          number: o.approval_number,
          startsOn: o.approval_starts_on,
          endsOn: o.approval_ends_on,
        }
      : null,
    ...(o.kind === 'association' ? { receiptPeriod: o.receipt_period } : {}),
  };
}

/** Over 400 m², a shop is under the legal duty to propose a donation agreement (L.541-15-6). */
export const LEGAL_DUTY_M2 = 400;
export const underLegalDuty = (o: Pick<Organisation, 'kind' | 'sales_area_m2'>) =>
  o.kind === 'shop' && o.sales_area_m2 != null && o.sales_area_m2 > LEGAL_DUTY_M2;

/** How many days ahead an association is warned that its approval ends. */
export const APPROVAL_WARNING_DAYS = 60;

export type ApprovalState = 'none' | 'law' | 'valid' | 'ending' | 'ended';

/**
 * Where an association's food-aid approval stands on `day` (Paris, YYYY-MM-DD). Its end date is
 * its last valid day. Ending: within 60 days of it.
 */
export function approvalState(
  o: Pick<Organisation, 'approval_level' | 'approval_ends_on'>,
  day: string,
): ApprovalState {
  if (!o.approval_level) return 'none';
  if (o.approval_level === 'law') return 'law';
  const ends = o.approval_ends_on!;
  if (ends < day) return 'ended';
  if (ends <= addDays(day, APPROVAL_WARNING_DAYS)) return 'ending';
  return 'valid';
}

/** Whether food taken on `day` may give the donor a tax receipt: an approval valid that day. */
export const approvedOn = (
  o: Pick<Organisation, 'approval_level' | 'approval_ends_on'>,
  day: string,
) => o.approval_level === 'law' || (!!o.approval_ends_on && o.approval_ends_on >= day);
