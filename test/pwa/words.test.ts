import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.js';

// Issue 17: plurals through Intl.PluralRules in the page's language ("1 donations" was English).
describe('plural forms', () => {
  it('picks the form of the number in each language', () => {
    const v = (n: number) => ({ n, kg: '6.5' });
    expect(t('en', 'receipts.donations', v(1))).toBe('1 donation, 6.5 kg');
    expect(t('en', 'receipts.donations', v(2))).toBe('2 donations, 6.5 kg');
    expect(t('en', 'receipts.donations', v(0))).toBe('0 donations, 6.5 kg');
    expect(t('fr', 'receipts.donations', v(0))).toBe('0 don, 6.5 kg');
    expect(t('fr', 'receipts.donations', v(1))).toBe('1 don, 6.5 kg');
    expect(t('fr', 'receipts.donations', v(2))).toBe('2 dons, 6.5 kg');
    expect(t('fr', 'receipts.without_value', { n: 1 })).toBe(
      '1 don sans prix de revient (non compté)',
    );
    // a key without plural forms, or a count given as text, keeps its one wording
    expect(t('en', 'receipts.title', { n: 1 })).toBe(t('en', 'receipts.title'));
    expect(t('fr', 'receipts.donations', { n: '1', kg: '2' })).toBe('1 dons, 2 kg');
  });
});
