// The dashboard's figure summary, read first: "1 240 kg collectés ce mois-ci, soit 2 480 repas".
import { addDays } from '../../src/shared/period.js';
import type { Stats } from '../../src/stats/queries.js';
import { tr, type ViewCtx } from '../context.js';
import { day, num, plural } from './format.js';

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** The period in words: "ce mois-ci", "en novembre 2026", "cette année", "du … au …". */
export function periodWords(ctx: ViewCtx, from: string, to: string, today: string) {
  const month = from.slice(0, 7);
  if (from.endsWith('-01') && to === lastDay(month)) {
    if (today.startsWith(month)) return tr(ctx, 'stats.summary.this_month');
    const name = new Intl.DateTimeFormat(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${from}T00:00:00Z`));
    return tr(ctx, 'stats.summary.in_month', { month: name });
  }
  const year = from.slice(0, 4);
  if (from === `${year}-01-01` && to === `${year}-12-31`)
    return today.startsWith(year)
      ? tr(ctx, 'stats.summary.this_year')
      : tr(ctx, 'stats.summary.in_year', { year });
  if (to === today && from === addDays(today, -29)) return tr(ctx, 'stats.summary.last30');
  return tr(ctx, 'stats.summary.between', { from: day(ctx, from), to: day(ctx, to) });
}

/** One sentence of the period's main figures, numbers in the page's language. */
export function summaryText(ctx: ViewCtx, stats: Stats, today: string) {
  const meals = Math.round(stats.meals ?? 0);
  // kg as the counters and tables write them (num: up to 2 decimals), so "3,2 kg" is "3,2" below
  const kg = Math.round(stats.pickedUpKg * 100) / 100;
  return tr(ctx, 'stats.summary', {
    kg: num(ctx, kg),
    picked: tr(ctx, `stats.summary.picked.${plural(ctx, kg)}`),
    when: periodWords(ctx, stats.from, stats.to, today),
    meals: num(ctx, meals, 0),
    meal: tr(ctx, `stats.summary.meal.${plural(ctx, meals)}`),
  });
}

export function Summary({ ctx, stats, today }: { ctx: ViewCtx; stats: Stats; today: string }) {
  return (
    <p class="summary" id="stats-summary">
      {summaryText(ctx, stats, today)}
    </p>
  );
}
