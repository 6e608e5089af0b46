import { describe, expect, it } from 'vitest';
import type { Stats } from '../../src/stats/queries.js';
import type { ViewCtx } from '../../views/context.js';
import { axisLabel } from '../../views/stats/format.js';
import { periodWords, summaryText } from '../../views/stats/summary.js';
import { CategoryChart, SeriesChart } from '../../views/stats/charts.js';

// Issue 17: the dashboard on a phone. Labels and the figure summary, in both languages.
const fr: ViewCtx = { lang: 'fr', actor: null, csrf: '', path: '/dashboard' };
const en: ViewCtx = { ...fr, lang: 'en' };
const NNBSP = '\u202f'; // fr-FR groups thousands with a narrow no-break space

const stats = (over: Partial<Stats>) =>
  ({
    from: '2026-11-01',
    to: '2026-11-30',
    series: 'week',
    pickedUpKg: 1240,
    meals: 2480,
    timeSeries: [],
    byCategory: [],
    ...over,
  }) as unknown as Stats;

describe('x-axis labels', () => {
  it('reads "30 nov." in French and "30 Nov" in English by week, never "11-30"', () => {
    expect(axisLabel(fr, '2026-11-30', 'week')).toBe('30 nov.');
    expect(axisLabel(en, '2026-11-30', 'week')).toBe('30 Nov');
    expect(axisLabel(fr, '2026-02-01', 'week')).toBe('1 févr.');
  });
  it('reads the month and year by month', () => {
    expect(axisLabel(fr, '2026-11-01', 'month')).toBe('nov. 2026');
    expect(axisLabel(en, '2026-11-01', 'month')).toBe('Nov 2026');
  });
  it('draws the charts with those labels, in a phone-sized viewBox, text at 13 units', () => {
    const s = stats({
      timeSeries: ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'].map(
        (start) => ({ start, donations: 1, postedKg: 10, kg: 8, wasteKg: 0 }),
      ),
      byCategory: [{ category: 'bakery', kg: 8, postedKg: 10 }],
    } as Partial<Stats>);
    const html = String(SeriesChart({ ctx: fr, stats: s }));
    expect(html).toContain('viewBox="0 0 360 230"');
    expect(html).toContain('>30 nov.</text>');
    expect(html).not.toContain('11-30');
    expect(html).not.toMatch(/font-size="(\d|1[012])"/);
    // at most 4 date labels fit on a phone
    expect(html.match(/class="tick"/g)!.length).toBeLessThanOrEqual(4);
    const cat = String(CategoryChart({ ctx: en, stats: s }));
    expect(cat).toContain('viewBox="0 0 360 42"');
    expect(cat).toContain('8 / 10 kg');
  });
});

describe('the figure summary', () => {
  it('says "1 240 kg collectés ce mois-ci, soit 2 480 repas" in French', () => {
    expect(summaryText(fr, stats({}), '2026-11-15')).toBe(
      `1${NNBSP}240 kg collectés ce mois-ci, soit 2${NNBSP}480 repas`,
    );
  });
  it('says it in English with English numbers and plurals', () => {
    expect(summaryText(en, stats({}), '2026-11-15')).toBe(
      '1,240 kg picked up this month, that is 2,480 meals',
    );
    expect(summaryText(en, stats({ pickedUpKg: 0.6, meals: 1.2 }), '2026-11-15')).toBe(
      '0.6 kg picked up this month, that is 1 meal',
    );
  });
  it('writes kg as the counters and tables do: "3,2 kg", not "3 kg" above "3,2"', () => {
    expect(summaryText(fr, stats({ pickedUpKg: 3.2, meals: 6.4 }), '2026-11-15')).toBe(
      '3,2 kg collectés ce mois-ci, soit 6 repas',
    );
    expect(summaryText(en, stats({ pickedUpKg: 3.256, meals: 6.4 }), '2026-11-15')).toBe(
      '3.26 kg picked up this month, that is 6 meals',
    );
  });
  it('agrees in French: "1 kg collecté", "0 kg collecté"', () => {
    expect(summaryText(fr, stats({ pickedUpKg: 1, meals: 2 }), '2026-11-15')).toBe(
      '1 kg collecté ce mois-ci, soit 2 repas',
    );
    expect(summaryText(fr, stats({ pickedUpKg: 0, meals: 0 }), '2026-12-15')).toBe(
      '0 kg collecté en novembre 2026, soit 0 repas',
    );
  });
  it('names the period: another month, a year, the last 30 days, any dates', () => {
    expect(periodWords(fr, '2026-11-01', '2026-11-30', '2026-12-03')).toBe('en novembre 2026');
    expect(periodWords(en, '2026-11-01', '2026-11-30', '2026-12-03')).toBe('in November 2026');
    expect(periodWords(fr, '2026-01-01', '2026-12-31', '2026-12-03')).toBe('cette année');
    expect(periodWords(en, '2025-01-01', '2025-12-31', '2026-12-03')).toBe('in 2025');
    expect(periodWords(fr, '2026-11-04', '2026-12-03', '2026-12-03')).toBe('ces 30 derniers jours');
    expect(periodWords(en, '2026-11-04', '2026-11-20', '2026-12-03')).toBe(
      'from 4 Nov 2026 to 20 Nov 2026',
    );
  });
});
