// The dashboard's breakdowns, each a chart with its table and CSV link: over time, by
// category, by place (the map of donors and associations, drawn by Leaflet; the tables of
// shops and associations below hold the same figures without JavaScript).
import { factorFor, type Factors } from '../../src/stats/factors.js';
import type { Stats } from '../../src/stats/queries.js';
import { tr, type ViewCtx } from '../context.js';
import type { MapTiles } from '../../src/maps/tiles.js';
import { MapView, type MapMarker } from '../maps/map.js';
import { CategoryChart, SeriesChart } from './charts.js';
import { day, eur, num } from './format.js';

export function SeriesSection({ ctx, stats, qs }: { ctx: ViewCtx; stats: Stats; qs: string }) {
  return (
    <section>
      <h2>{tr(ctx, 'stats.series_title', { unit: tr(ctx, `stats.series.${stats.series}`) })}</h2>
      <SeriesChart ctx={ctx} stats={stats} />
      <div
        class="table-wrap"
        tabindex={0}
        role="region"
        aria-label={tr(ctx, 'stats.table_scroll', {
          title: tr(ctx, 'stats.series_title', { unit: tr(ctx, `stats.series.${stats.series}`) }),
        })}
      >
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
      <div
        class="table-wrap"
        tabindex={0}
        role="region"
        aria-label={tr(ctx, 'stats.table_scroll', { title: tr(ctx, 'stats.categories_title') })}
      >
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

/** Which organisations the map shows: a territory's own area only; null: all the figures name. */
export type MapArea = { shopIds: number[]; associationIds: number[] } | null;

/**
 * Shops by the kg they gave, associations by the kg they received, each named on the map. A
 * territory's figures also name the other side of its donations (a shop out of the area whose
 * food went to one of its associations): its map keeps to the area.
 */
export function statsMarkers(ctx: ViewCtx, stats: Stats, area: MapArea): MapMarker[] {
  const label = (o: Stats['shops'][number]) => `${o.name} · ${num(ctx, o.kg)} kg`;
  const shops = area ? stats.shops.filter((o) => area.shopIds.includes(o.id)) : stats.shops;
  const associations = area
    ? stats.associations.filter((o) => area.associationIds.includes(o.id))
    : stats.associations;
  return [
    ...shops.map((o) => ({ ...o, kind: 'shop' as const, label: label(o), href: null })),
    ...associations.map((o) => ({
      ...o,
      kind: 'association' as const,
      label: label(o),
      href: null,
    })),
  ].map(({ lat, lng, kind, label, href }) => ({ lat, lng, kind, label, href }));
}

export function DonorMapSection({
  ctx,
  stats,
  qs,
  tiles,
  area,
}: {
  ctx: ViewCtx;
  stats: Stats;
  qs: string;
  tiles: MapTiles;
  area: MapArea;
}) {
  return (
    <section>
      <h2>{tr(ctx, 'stats.map_title')}</h2>
      <MapView
        ctx={ctx}
        id="stats-map"
        tiles={tiles}
        markers={statsMarkers(ctx, stats, area)}
        label={tr(ctx, 'map.stats_label')}
      />
      <p class="factor">{tr(ctx, 'map.stats_desc')}</p>
      <p>
        <a href={`/dashboard.csv?table=donors&${qs}`} download>
          {tr(ctx, 'stats.csv')}
        </a>
      </p>
    </section>
  );
}
