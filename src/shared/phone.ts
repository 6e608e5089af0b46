import { z } from 'zod';

/**
 * A French phone number as people write it ("06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56
 * 78", "+33 (0)6 12...", "0033 6 12...") becomes E.164 ("+33612345678"): one form stored, so a
 * `tel:` link dials it from any phone, at home or abroad. Anything else is refused, not guessed.
 */
export function frenchPhoneToE164(raw: string): string | null {
  const compact = raw.replace(/[\s.\-/]/g, '').replace(/^\+33\(0\)/, '+33');
  const national = /^0([1-9]\d{8})$/.exec(compact);
  if (national) return `+33${national[1]}`;
  const international = /^(?:\+|00)33([1-9]\d{8})$/.exec(compact);
  if (international) return `+33${international[1]}`;
  return null;
}

/** "+33612345678" -> "06 12 34 56 78", as a French reader expects to see it. */
export function frenchPhoneText(e164: string) {
  const m = /^\+33(\d)(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(e164);
  return m ? `0${m[1]} ${m[2]} ${m[3]} ${m[4]} ${m[5]}` : e164;
}

/** The longest a phone may be typed (spaces and all): anything longer is not a phone. */
export const PHONE_INPUT_MAX = 30;

/**
 * An optional phone field: empty is "none" (null), a French number is stored as E.164, anything
 * else gets `err.phone` on the field.
 */
export const optionalFrenchPhone = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  z
    .string({ error: 'err.phone' })
    .max(PHONE_INPUT_MAX, 'err.phone')
    .transform((s, ctx) => {
      const e164 = frenchPhoneToE164(s.trim());
      if (!e164) {
        ctx.addIssue({ code: 'custom', message: 'err.phone' });
        return z.NEVER;
      }
      return e164;
    })
    .nullable()
    .optional(),
);

/**
 * A French number as above, or an international one written with its country code ("+32 470 12
 * 34 56", "0044 20 7946 0958"): E.164, 8 to 15 digits after "+". A "+33" number that is not a
 * French one is refused rather than taken as some other country's.
 */
export function phoneToE164(raw: string): string | null {
  const french = frenchPhoneToE164(raw);
  if (french) return french;
  const compact = raw.replace(/[\s.\-/()]/g, '');
  const m = /^(?:\+|00)([1-9]\d{7,14})$/.exec(compact);
  if (!m || m[1].startsWith('33')) return null;
  return `+${m[1]}`;
}

/** An optional phone of a person (their account): French or international, stored E.164. */
export const optionalPhone = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  z
    .string({ error: 'err.phone_intl' })
    .max(PHONE_INPUT_MAX, 'err.phone_intl')
    .transform((s, ctx) => {
      const e164 = phoneToE164(s.trim());
      if (!e164) {
        ctx.addIssue({ code: 'custom', message: 'err.phone_intl' });
        return z.NEVER;
      }
      return e164;
    })
    .nullable()
    .optional(),
);
