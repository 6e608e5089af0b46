import { describe, expect, it } from 'vitest';
import {
  count,
  formatCelsius,
  formatEur,
  formatKg,
  formatKm,
  formatNumber,
  formatDay,
  formatPercent,
  inputNumber,
} from '../../src/i18n/format.js';
import { t } from '../../src/i18n/index.js';

// French groups with a narrow no-break space and puts a no-break space before € and %; written out here so
// that the table says what the page shows.
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('numbers and units in the page’s language', () => {
  it.each([
    ['kg', () => formatKg('fr', 6.5), '6,5 kg'],
    ['kg', () => formatKg('en', 6.5), '6.5 kg'],
    ['kg from SQL text', () => formatKg('en', '12.50'), '12.5 kg'],
    ['kg, thousands', () => formatKg('fr', 1240), `1${NNBSP}240 kg`],
    ['kg, thousands', () => formatKg('en', 1240), '1,240 kg'],
    ['kg, two decimals at most', () => formatKg('en', 0.125), '0.13 kg'],
    ['km under 10', () => formatKm('fr', 0.74), '0,7 km'],
    ['km under 10', () => formatKm('en', 0.74), '0.7 km'],
    ['km from 10', () => formatKm('fr', 12.4), '12 km'],
    ['°C', () => formatCelsius('fr', 9.5), '9,5 °C'],
    ['°C', () => formatCelsius('en', 9.5), '9.5 °C'],
    ['°C below zero', () => formatCelsius('en', -18), '-18 °C'],
    ['€', () => formatEur('fr', 12.5), `12,50${NBSP}€`],
    ['€', () => formatEur('en', 12.5), '€12.50'],
    ['€ zero', () => formatEur('en', 0), '€0.00'],
    ['%', () => formatPercent('fr', 0.125), `12,5${NBSP}%`],
    ['%', () => formatPercent('en', 0.125), '12.5%'],
    ['plain', () => formatNumber('en', 2.345, 1), '2.3'],
    ['missing', () => formatKg('fr', null), '—'],
    ['not a number', () => formatKg('en', 'abc'), '—'],
  ])('%s: %s', (_what, format, expected) => {
    expect(format()).toBe(expected);
  });
});

describe('counted nouns through Intl.PluralRules', () => {
  it.each([
    ['fr', 0, '0 don'],
    ['fr', 1, '1 don'],
    ['fr', 2, '2 dons'],
    ['fr', 1.5, '2 dons'],
    ['en', 0, '0 donations'],
    ['en', 1, '1 donation'],
    ['en', 2, '2 donations'],
  ] as const)('%s %d', (lang, n, expected) => {
    expect(
      count(lang, n, lang === 'fr' ? 'don' : 'donation', lang === 'fr' ? 'dons' : 'donations'),
    ).toBe(expected);
  });

  it.each([
    ['fr', 1, '1 don sans prix de revient (non compté)'],
    ['fr', 0, '0 don sans prix de revient (non compté)'],
    ['fr', 3, '3 dons sans prix de revient (non comptés)'],
    ['en', 1, '1 donation without cost value (not counted)'],
    ['en', 0, '0 donations without cost value (not counted)'],
    ['en', 3, '3 donations without cost value (not counted)'],
  ] as const)('a message with {n} picks its form: %s %d', (lang, n, expected) => {
    expect(t(lang, 'receipts.without_value', { n })).toBe(expected);
  });

  it('t() writes number vars in the language, but not ids and years', () => {
    expect(t('en', 'don.reach.min_kg.many', { n: 12500, kg: '2 kg' })).toContain('12,500');
    expect(t('fr', 'don.reach.min_kg.many', { n: 12500, kg: '2 kg' })).toContain(`12${NNBSP}500`);
    expect(t('fr', 'stats.summary.in_year', { year: 2026 })).toBe('en 2026');
    expect(t('fr', 'don.remainder_of', { id: 12345 })).toBe('Reste du don n° 12345');
  });

  it('shops and associations are counted in the area line', () => {
    const say = (lang: 'fr' | 'en', shops: number, associations: number) =>
      t(lang, 'stats.scope_area', {
        shops: t(lang, 'count.shops', { n: shops }),
        associations: t(lang, 'count.associations', { n: associations }),
      });
    expect(say('en', 1, 2)).toBe('1 shop and 2 associations in the area');
    expect(say('fr', 1, 1)).toBe('1 commerce et 1 association dans la zone');
  });
});

describe('days and numbers put back into forms', () => {
  it('writes a stored day for people: "31 mars 2027" / "31 March 2027"', () => {
    expect(formatDay('fr', '2027-03-31')).toBe('31 mars 2027');
    expect(formatDay('en', '2027-03-31')).toBe('31 March 2027');
    expect(formatDay('fr', '2026-12-01')).toBe('1 décembre 2026');
    // the day as stored, whatever the server's time zone (no shift to the 30th)
    expect(formatDay('en', '2026-01-01')).toBe('1 January 2026');
    expect(formatDay('fr', null)).toBe('—');
    expect(formatDay('fr', 'bientôt')).toBe('bientôt');
  });
  it('puts a number back into a text field as the language types it, never grouped', () => {
    expect(inputNumber('fr', 3.5)).toBe('3,5');
    expect(inputNumber('en', 3.5)).toBe('3.5');
    expect(inputNumber('fr', 1240.25)).toBe('1240,25');
    expect(inputNumber('en', 1240.25)).toBe('1240.25');
    expect(inputNumber('fr', 24)).toBe('24');
    expect(inputNumber('fr', 45.7676543)).toBe('45,7676543');
    expect(inputNumber('fr', Number.NaN)).toBe('');
  });
});
