import { describe, expect, it } from 'vitest';
import { frenchPhoneText, frenchPhoneToE164, optionalFrenchPhone } from '../../src/shared/phone.js';

describe('French phone numbers become E.164', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['0612345678', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['06-12-34-56-78', '+33612345678'],
    ['04 78 00 11 01', '+33478001101'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33612345678', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
  ])('%s -> %s', (typed, e164) => {
    expect(frenchPhoneToE164(typed)).toBe(e164);
  });

  it.each([
    ['06 12 34 56 7'], // nine digits
    ['06 12 34 56 789'],
    ['00 12 34 56 78'], // no 00 prefix in France
    ['+33 06 12 34 56 78'], // the 0 kept after +33
    ['+44 20 7946 0958'], // not French
    ['+33 6 12 34 56 78 ext 2'],
    ['six douze'],
  ])('refuses %s', (typed) => {
    expect(frenchPhoneToE164(typed)).toBeNull();
  });

  it('reads back as a French reader writes it', () => {
    expect(frenchPhoneText('+33612345678')).toBe('06 12 34 56 78');
  });

  it('as a field: empty is none, a bad or overlong number gets err.phone', () => {
    expect(optionalFrenchPhone.parse('')).toBeNull();
    expect(optionalFrenchPhone.parse(undefined)).toBeUndefined();
    expect(optionalFrenchPhone.parse(' 06 12 34 56 78 ')).toBe('+33612345678');
    for (const bad of ['123', '0'.repeat(31), 42]) {
      const r = optionalFrenchPhone.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toBe('err.phone');
    }
  });
});
