import { CATEGORIES } from '../../src/shared/categories.js';
import { factorFor, type Factors } from '../../src/stats/factors.js';
import type { OrgFigures, Stats } from '../../src/stats/queries.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Field, FormErrors, Select } from '../components/fields.js';
import { Layout } from '../layout.js';
import { LiveEvents } from '../notifications/live.js';
import { CategoryChart, DonorMap, SeriesChart } from './charts.js';
import { day, eur, num, pct } from './format.js';

export interface DashboardProps {
  ctx: ViewCtx;
  stats: Stats;
  factors: Factors;
  values: FormValues;
  errors?: FieldErrors;
  scopeLine: string;
  options: { shops: [number, string][]; associations: [number, string][] };
  /** The filters as a query string, for the CSV links and the counters fragment. */
  qs: string;
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
}: {
  ctx: ViewCtx;
  stats: Stats;
  factors: Factors;
  qs: string;
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
        {tr(ctx, 'stats.quality')} :{' '}
        {(['good', 'acceptable', 'poor', 'refused'] as const)
          .map((k) => `${tr(ctx, `stats.quality.${k}`)} ${stats.quality[k]}`)
          .join(' · ')}
      </p>
    </section>
  );
}

function OrgTable({
  ctx,
  title,
  id,
  rows,
  qs,
  shops,
}: {
  ctx: ViewCtx;
  title: string;
  id: string;
  rows: OrgFigures[];
  qs: string;
  shops: boolean;
}) {
  return (
    <section>
      <h2>{title}</h2>
      <div class="table-wrap">
        <table class="table" id={id}>
          <thead>
            <tr>
              <th scope="col">{tr(ctx, 'stats.rank')}</th>
              <th scope="col">{tr(ctx, 'stats.name')}</th>
              {shops && <th scope="col">{tr(ctx, 'stats.donations')}</th>}
              {shops && <th scope="col">{tr(ctx, 'stats.posted_kg')}</th>}
              <th scope="col">{tr(ctx, 'stats.pickups')}</th>
              <th scope="col">{tr(ctx, 'stats.picked_kg')}</th>
              {shops && <th scope="col">{tr(ctx, 'stats.defect_rate')}</th>}
              {shops && <th scope="col">{tr(ctx, 'stats.followed_up')}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr>
                <td>{i + 1}</td>
                <td>{r.name}</td>
                {shops && <td>{r.donations}</td>}
                {shops && <td>{num(ctx, r.postedKg)}</td>}
                <td>{r.pickups}</td>
                <td>{num(ctx, r.kg)}</td>
                {shops && <td>{`${pct(ctx, r.defectRate)} (${r.defects})`}</td>}
                {shops && <td>{`${r.followedUp} / ${r.defects}`}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={`/dashboard.csv?table=${id}&${qs}`} download>
          {tr(ctx, 'stats.csv')}
        </a>
      </p>
    </section>
  );
}

export function DashboardPage(props: DashboardProps) {
  const { ctx, stats, factors, values, errors, qs } = props;
  const v = values;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'stats.title')} sse>
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
      <details open={!!errors} class="card">
        <summary>{tr(ctx, 'stats.filters')}</summary>
        <FormErrors ctx={ctx} errors={errors} />
        <form method="get" action="/dashboard" class="filters" novalidate>
          <Select
            ctx={ctx}
            name="period"
            label={tr(ctx, 'stats.period')}
            values={v}
            errors={errors}
            options={(['last30', 'month', 'year', 'custom'] as const).map((p) => [
              p,
              tr(ctx, `stats.period.${p}`),
            ])}
          />
          <div class="row">
            <Field
              ctx={ctx}
              name="month"
              type="month"
              label={tr(ctx, 'stats.month')}
              values={v}
              errors={errors}
            />
            <Field
              ctx={ctx}
              name="year"
              label={tr(ctx, 'stats.year')}
              values={v}
              errors={errors}
              inputmode="numeric"
            />
          </div>
          <div class="row">
            <Field
              ctx={ctx}
              name="from"
              type="date"
              label={tr(ctx, 'stats.from')}
              values={v}
              errors={errors}
            />
            <Field
              ctx={ctx}
              name="to"
              type="date"
              label={tr(ctx, 'stats.to')}
              values={v}
              errors={errors}
            />
          </div>
          <Select
            ctx={ctx}
            name="category"
            label={tr(ctx, 'stats.category')}
            values={v}
            errors={errors}
            options={[
              ['', tr(ctx, 'stats.all')],
              ...CATEGORIES.map((c): [string, string] => [c, tr(ctx, `cat.${c}`)]),
            ]}
          />
          <Select
            ctx={ctx}
            name="shop"
            label={tr(ctx, 'stats.shop')}
            values={v}
            errors={errors}
            options={[
              ['', tr(ctx, 'stats.all')],
              ...props.options.shops.map(([id, n]): [string, string] => [String(id), n]),
            ]}
          />
          <Select
            ctx={ctx}
            name="association"
            label={tr(ctx, 'stats.association')}
            values={v}
            errors={errors}
            options={[
              ['', tr(ctx, 'stats.all')],
              ...props.options.associations.map(([id, n]): [string, string] => [String(id), n]),
            ]}
          />
          <Select
            ctx={ctx}
            name="series"
            label={tr(ctx, 'stats.series')}
            values={v}
            errors={errors}
            options={[
              ['', '—'],
              ['week', tr(ctx, 'stats.series.week')],
              ['month', tr(ctx, 'stats.series.month')],
            ]}
          />
          {v.organisationId ? (
            <input type="hidden" name="organisationId" value={String(v.organisationId)} />
          ) : null}
          <button type="submit">{tr(ctx, 'stats.apply')}</button>
        </form>
      </details>

      <LiveEvents />
      <Counters ctx={ctx} stats={stats} factors={factors} qs={qs} />
      <p class="factor">{tr(ctx, 'stats.live')}</p>
      <p>
        <a href={`/dashboard.csv?table=summary&${qs}`} download>
          {tr(ctx, 'stats.csv')}
        </a>
      </p>

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

      <div class="dash-cols">
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
