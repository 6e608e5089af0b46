// The territory's part of its home page: this month's figures of its area, then where to go next.
import type { TerritoryHomeFigures } from '../../src/stats/home.js';
import { tr, type ViewCtx } from '../context.js';
import { num } from './format.js';
import { summaryText } from './summary.js';

export function TerritoryHome({
  ctx,
  figures,
  today,
}: {
  ctx: ViewCtx;
  figures: TerritoryHomeFigures;
  /** today (Paris), to word the month ("ce mois-ci") */
  today: string;
}) {
  const { stats } = figures;
  return (
    <section id="home-territory" aria-labelledby="home-territory-title">
      <h2 id="home-territory-title">{tr(ctx, 'stats.home.title')}</h2>
      {figures.areaEmpty && <p class="alert">{tr(ctx, 'stats.scope_empty')}</p>}
      <p class="summary" id="home-territory-summary">
        {summaryText(ctx, stats, today)}
      </p>
      <dl class="counters">
        <div class="card" id="home-picked-kg">
          <dt>{tr(ctx, 'stats.home.picked_kg')}</dt>
          <dd class="figure">{num(ctx, stats.pickedUpKg)} kg</dd>
        </div>
        <div class="card" id="home-pickups">
          <dt>{tr(ctx, 'stats.home.pickups')}</dt>
          <dd class="figure">{num(ctx, stats.pickups, 0)}</dd>
        </div>
        <div class="card" id="home-open">
          <dt>{tr(ctx, 'stats.home.open')}</dt>
          <dd class="figure">{num(ctx, figures.openDonations, 0)}</dd>
          <dd class="factor">{num(ctx, figures.openKg)} kg</dd>
        </div>
      </dl>
      <p>
        <a class="button" href="/dashboard">
          {tr(ctx, 'stats.home.dashboard')}
        </a>
      </p>
      <ul>
        <li>
          <a href="/dashboard#stats-map">{tr(ctx, 'stats.home.map')}</a>
        </li>
        <li>
          <a href="/dashboard.csv?table=summary&period=month" download>
            {tr(ctx, 'stats.home.csv')}
          </a>
        </li>
      </ul>
    </section>
  );
}
