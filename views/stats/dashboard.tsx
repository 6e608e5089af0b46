import { colon } from '../../src/i18n/format.js';
import type { Factors } from '../../src/stats/factors.js';
import type { MapTiles } from '../../src/maps/tiles.js';
import type { Stats } from '../../src/stats/queries.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';
import { LiveEvents } from '../notifications/live.js';
import { CategorySection, DonorMapSection, SeriesSection, type MapArea } from './breakdowns.js';
import { DashboardFilters } from './filters.js';
import { GivenSection } from './given.js';
import type { GivenFigures, GivenMonth } from '../../src/stats/given.js';
import { day, eur, num, pct } from './format.js';
import { OrgTable } from './rankings.js';
import { Summary } from './summary.js';

export interface DashboardProps {
  ctx: ViewCtx;
  stats: Stats;
  factors: Factors;
  /** the quality of what is given, and its trend (a territory, the admin) */
  given: GivenFigures;
  trend: GivenMonth[] | null;
  values: FormValues;
  errors?: FieldErrors;
  scopeLine: string;
  options: { shops: [number, string][]; associations: [number, string][] };
  /** The filters as a query string, for the CSV links and the counters fragment. */
  qs: string;
  /** the map's tile server */
  tiles: MapTiles;
  /** a territory's area: its map shows only these */
  mapArea: MapArea;
  /** today (Paris), to word the period of the summary ("ce mois-ci") */
  today: string;
}

/** One factor when every category shares it, else "by category". */
function factorText(
  ctx: ViewCtx,
  f: Factors,
  name: 'meal_kg' | 'co2e_per_kg' | 'value_eur_per_kg',
) {
  return f.byCategory[name] && Object.keys(f.byCategory[name]!).length
    ? null
    : num(ctx, f.defaults[name], 4);
}

/**
 * The counters. Live update: the page connects to /events (LiveEvents); every donation change
 * arrives as a `donation-changed` DOM event on <body>, and this section fetches itself again
 * from /dashboard/counters with the same filters. Other code may also fire `stats-changed`.
 */
export function Counters({
  ctx,
  stats,
  factors,
  qs,
  today,
}: {
  ctx: ViewCtx;
  stats: Stats;
  factors: Factors;
  qs: string;
  today: string;
}) {
  const meal = factorText(ctx, factors, 'meal_kg');
  const co2 = factorText(ctx, factors, 'co2e_per_kg');
  const val = factorText(ctx, factors, 'value_eur_per_kg');
  const byCat = tr(ctx, 'stats.by_category_factor');
  const items: [string, string, string, string?][] = [
    ['donations', tr(ctx, 'stats.donations'), num(ctx, stats.donations, 0)],
    ['posted-kg', tr(ctx, 'stats.posted_kg'), num(ctx, stats.postedKg)],
    ['picked-kg', tr(ctx, 'stats.picked_kg'), num(ctx, stats.pickedUpKg)],
    [
      'meals',
      tr(ctx, 'stats.meals'),
      num(ctx, stats.meals, 0),
      meal ? tr(ctx, 'stats.meals_factor', { kg: meal }) : byCat,
    ],
    [
      'co2e',
      tr(ctx, 'stats.co2e'),
      num(ctx, stats.co2eKg),
      co2 ? tr(ctx, 'stats.co2e_factor', { f: co2 }) : byCat,
    ],
    [
      'value',
      tr(ctx, 'stats.value'),
      eur(ctx, stats.valueEur),
      tr(ctx, 'stats.value_factor', {
        given: num(ctx, stats.valueGivenEur),
        f: val ?? byCat,
        kg: num(ctx, stats.valueEstimatedKg),
      }),
    ],
    [
      'waste',
      tr(ctx, 'stats.waste'),
      num(ctx, stats.wasteKg),
      tr(ctx, 'stats.waste_detail', {
        expired: num(ctx, stats.expiredKg),
        refused: num(ctx, stats.refusedKg),
      }),
    ],
    [
      'share-claimed',
      tr(ctx, 'stats.share_claimed'),
      pct(ctx, stats.shareClaimed),
      `${stats.claimed} / ${stats.donations}`,
    ],
    [
      'median-claim',
      tr(ctx, 'stats.median_claim'),
      stats.medianMinutesToClaim == null
        ? '—'
        : tr(ctx, 'stats.minutes', { n: num(ctx, stats.medianMinutesToClaim, 1) }),
      stats.medianEstimated ? tr(ctx, 'stats.median_estimated') : undefined,
    ],
    [
      'defects',
      tr(ctx, 'stats.defects'),
      num(ctx, stats.defects, 0),
      `${num(ctx, stats.followedUp, 0)} ${tr(ctx, 'stats.followed_up')}`,
    ],
  ];
  return (
    <section
      id="stats-counters"
      hx-get={`/dashboard/counters?${qs}`}
      hx-trigger="donation-changed from:body, stats-changed from:body"
      hx-swap="outerHTML"
      aria-live="polite"
    >
      <Summary ctx={ctx} stats={stats} today={today} />
      <dl class="counters">
        {items.map(([id, label, value, note]) => (
          <div class="card" id={`counter-${id}`}>
            <dt>{label}</dt>
            <dd class="figure">{value}</dd>
            {note && <dd class="factor">{note}</dd>}
          </div>
        ))}
      </dl>
      <p class="factor">
        {tr(ctx, 'stats.quality')}
        {colon(ctx.lang)}
        {(['good', 'acceptable', 'poor', 'refused'] as const)
          .map((k) => `${tr(ctx, `stats.quality.${k}`)} ${stats.quality[k]}`)
          .join(' · ')}
      </p>
    </section>
  );
}

export function DashboardPage(props: DashboardProps) {
  const { ctx, stats, factors, values, errors, qs } = props;
  const v = values;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'stats.title')} sse map>
      <h1>{tr(ctx, 'stats.title')}</h1>
      <p>
        {props.scopeLine} ·{' '}
        {tr(ctx, 'stats.range', { from: day(ctx, stats.from), to: day(ctx, stats.to) })} ·{' '}
        <a href="/quality">{tr(ctx, 'stats.quality_link')}</a>
        {(ctx.actor?.org?.kind === 'shop' ||
          ctx.actor?.org?.kind === 'association' ||
          ctx.actor?.user.is_admin) && (
          <>
            {' · '}
            <a href="/receipts">{tr(ctx, 'stats.receipts_link')}</a>
          </>
        )}
        {ctx.actor?.user.is_admin && (
          <>
            {' · '}
            <a href="/admin/factors">{tr(ctx, 'factors.title')}</a> ·{' '}
            <a href="/admin/territories">{tr(ctx, 'area.list_title')}</a>
          </>
        )}
      </p>
      <DashboardFilters ctx={ctx} values={values} errors={errors} options={props.options} />

      <LiveEvents />
      <Counters ctx={ctx} stats={stats} factors={factors} qs={qs} today={props.today} />
      <p class="factor">{tr(ctx, 'stats.live')}</p>
      <p>
        <a href={`/dashboard.csv?table=summary&${qs}`} download>
          {tr(ctx, 'stats.csv')}
        </a>
      </p>

      <SeriesSection ctx={ctx} stats={stats} qs={qs} />
      <GivenSection ctx={ctx} given={props.given} trend={props.trend} qs={qs} />

      <div class="dash-cols">
        <CategorySection ctx={ctx} stats={stats} factors={factors} qs={qs} />
        <DonorMapSection ctx={ctx} stats={stats} qs={qs} tiles={props.tiles} area={props.mapArea} />
      </div>
      <div class="dash-cols">
        <OrgTable
          ctx={ctx}
          title={tr(ctx, 'stats.shops_title')}
          id="shops"
          rows={stats.shops}
          qs={qs}
          shops
        />
        <OrgTable
          ctx={ctx}
          title={tr(ctx, 'stats.associations_title')}
          id="associations"
          rows={stats.associations}
          qs={qs}
          shops={false}
        />
      </div>
    </Layout>
  );
}
