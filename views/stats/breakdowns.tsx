// The dashboard's breakdowns, each a chart with its table and CSV link: over time, by
// category, by place (the donors' map).
import { factorFor, type Factors } from '../../src/stats/factors.js';
import type { Stats } from '../../src/stats/queries.js';
import { tr, type ViewCtx } from '../context.js';
import { CategoryChart, DonorMap, SeriesChart } from './charts.js';
import { day, eur, num } from './format.js';

export function SeriesSection({ ctx, stats, qs }: { ctx: ViewCtx; stats: Stats; qs: string }) {
  return (
    <section>
      <h2>{tr(ctx, 'stats.series_title', { unit: tr(ctx, `stats.series.${stats.series}`) })}</h2>
      <SeriesChart ctx={ctx} stats={stats} />
      <div class="table-wrap">
        <table class="table" id="series">
          <thead>
            <tr>
              <th scope="col">{tr(ctx, 'stats.start')}</th>
              <th scope="col">{tr(ctx, 'stats.donations')}</th>
              <th scope="col">{tr(ctx, 'stats.posted_kg')}</th>
              <th scope="col">{tr(ctx, 'stats.picked_kg')}</th>
              <th scope="col">{tr(ctx, 'stats.waste')}</th>
            </tr>
          </thead>
          <tbody>
            {stats.timeSeries.map((p) => (
              <tr>
                <td>{day(ctx, p.start)}</td>
                <td>{p.donations}</td>
                <td>{num(ctx, p.postedKg)}</td>
                <td>{num(ctx, p.kg)}</td>
                <td>{num(ctx, p.wasteKg)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={`/dashboard.csv?table=series&${qs}`} download>
          {tr(ctx, 'stats.csv')}
        </a>
      </p>
    </section>
  );
}

export function CategorySection({
  ctx,
  stats,
  factors,
  qs,
}: {
  ctx: ViewCtx;
  stats: Stats;
  factors: Factors;
  qs: string;
}) {
  return (
    <section>
      <h2>{tr(ctx, 'stats.categories_title')}</h2>
      <CategoryChart ctx={ctx} stats={stats} />
      <div class="table-wrap">
        <table class="table" id="categories">
          <thead>
            <tr>
              <th scope="col">{tr(ctx, 'stats.category')}</th>
              <th scope="col">{tr(ctx, 'stats.picked_kg')}</th>
              <th scope="col">{tr(ctx, 'stats.meals')}</th>
              <th scope="col">{tr(ctx, 'stats.co2e')}</th>
              <th scope="col">{tr(ctx, 'stats.value')}</th>
            </tr>
          </thead>
          <tbody>
            {stats.byCategory.map((c) => (
              <tr>
                <td>{tr(ctx, `cat.${c.category}`)}</td>
                <td>{num(ctx, c.kg)}</td>
                <td>{`${num(ctx, c.meals, 0)} (${num(ctx, factorFor(factors, 'meal_kg', c.category), 4)} kg)`}</td>
                <td>{`${num(ctx, c.co2eKg)} (× ${num(ctx, factorFor(factors, 'co2e_per_kg', c.category), 4)})`}</td>
                <td>{`${eur(ctx, c.valueEur)} (${num(ctx, factorFor(factors, 'value_eur_per_kg', c.category), 4)} €/kg)`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={`/dashboard.csv?table=categories&${qs}`} download>
          {tr(ctx, 'stats.csv')}
        </a>
      </p>
    </section>
  );
}

export function DonorMapSection({ ctx, stats, qs }: { ctx: ViewCtx; stats: Stats; qs: string }) {
  return (
    <section>
      <h2>{tr(ctx, 'stats.map_title')}</h2>
      <DonorMap ctx={ctx} stats={stats} />
      <p class="factor">{tr(ctx, 'stats.map_desc')}</p>
      <p>
        <a href={`/dashboard.csv?table=donors&${qs}`} download>
          {tr(ctx, 'stats.csv')}
        </a>
      </p>
    </section>
  );
}
