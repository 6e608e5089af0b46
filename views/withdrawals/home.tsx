// The producer organisation's part of its home page: record a withdrawal, then the campaign so far.
import type { ProducerHomeFigures } from '../../src/withdrawals/home.js';
import { tr, type ViewCtx } from '../context.js';
import { eur, kg } from './format.js';

export function ProducerHome({ ctx, figures }: { ctx: ViewCtx; figures: ProducerHomeFigures }) {
  const { campaign, ceiling } = figures;
  return (
    <section id="home-producer" aria-labelledby="home-producer-title">
      <p>
        <a class="button" href="/withdrawals#record-title" id="home-record">
          {tr(ctx, 'wd.home.record')}
        </a>
      </p>
      <h2 id="home-producer-title">{tr(ctx, 'wd.home.title', { year: campaign })}</h2>
      {ceiling.marketedKg == null && (
        <p class="alert">{tr(ctx, 'wd.marketed_missing', { year: campaign })}</p>
      )}
      <dl class="counters">
        <div class="card" id="home-withdrawals">
          <dt>{tr(ctx, 'wd.home.withdrawals')}</dt>
          <dd class="figure">{kg(ctx, figures.withdrawals)}</dd>
          <dd class="factor">{kg(ctx, figures.withdrawnKg)} kg</dd>
        </div>
        <div class="card" id="home-compensation">
          <dt>{tr(ctx, 'wd.home.compensation')}</dt>
          <dd class="figure">{eur(ctx, figures.compensationEur)} €</dd>
        </div>
        <div class="card" id="home-pending">
          <dt>{tr(ctx, 'wd.home.pending')}</dt>
          <dd class="figure">{kg(ctx, figures.pendingReceipts)}</dd>
        </div>
        {ceiling.usedPct != null && (
          <div class="card" id="home-ceiling">
            <dt>{tr(ctx, 'wd.ceiling')}</dt>
            <dd class="figure">{kg(ctx, ceiling.usedPct)} %</dd>
            <dd class="factor">{tr(ctx, 'wd.remaining', { kg: kg(ctx, ceiling.remainingKg!) })}</dd>
          </div>
        )}
      </dl>
      <ul>
        <li>
          <a href={`/withdrawals?campaign=${campaign}`}>{tr(ctx, 'wd.home.operations')}</a>
        </li>
        <li>
          <a href={`/withdrawals.csv?campaign=${campaign}`} download>
            {tr(ctx, 'wd.csv')}
          </a>
        </li>
      </ul>
    </section>
  );
}
