import { Hono, type Context } from 'hono';
import { AreaPage, TerritoriesPage } from '../../views/stats/area.js';
import { Counters, DashboardPage } from '../../views/stats/dashboard.js';
import { FactorsPage, factorValues } from '../../views/stats/factors.js';
import { tr } from '../../views/context.js';
import type { Actor } from '../accounts/actor.js';
import type { SignedInEnv } from '../http/env.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import { formBody, viewCtx } from '../http/render.js';
import { areaValues, getTerritory, listTerritories, setTerritoryArea } from './area.js';
import { CSV_TABLES, statsCsv, type CsvTable } from './csv.js';
import { dashboardFilterOptions, statsForActor } from './figures.js';
import { loadFactors, saveFactors } from './factors.js';
import { parseStatsQuery, type StatsQuery } from '../shared/period.js';
import type { Scope } from '../shared/scope.js';
import { idParam } from '../shared/ids.js';
import { tilesOf } from '../maps/tiles.js';

export const statsRoutes = new Hono<SignedInEnv>();

const QUERY_KEYS = [
  'period',
  'month',
  'year',
  'from',
  'to',
  'category',
  'shop',
  'association',
  'series',
  'organisationId',
];

/** Filters, scope and figures for the dashboard, its fragment and its CSV. Bad filters: 422, defaults shown. */
async function dashboardData(c: Context<SignedInEnv>) {
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  const values = Object.fromEntries(QUERY_KEYS.map((k) => [k, c.req.query(k) ?? '']));
  let q: StatsQuery;
  let errors: Record<string, string> | undefined;
  try {
    q = parseStatsQuery(values, now());
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    errors = e.fields;
    q = parseStatsQuery(
      { organisationId: values.organisationId.match(/^\d+$/) ? values.organisationId : '' },
      now(),
    );
  }
  const { scope, factors, stats } = await statsForActor(db, actor, q);
  const qs = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== '')).toString();
  return { q, values, errors, scope, factors, stats, qs };
}

function scopeLine(c: Context<SignedInEnv>, scope: Scope) {
  const ctx = viewCtx(c);
  if (scope.all) return tr(ctx, 'stats.scope_all');
  const line = tr(ctx, 'stats.scope_of', { name: scope.label });
  if (!scope.territory) return line;
  if (!scope.shopIds.length && !scope.associationIds.length)
    return `${line} · ${tr(ctx, 'stats.scope_empty')}`;
  return `${line} · ${tr(ctx, 'stats.scope_area', { shops: scope.shopIds.length, associations: scope.associationIds.length })}`;
}

statsRoutes.get('/dashboard', async (c) => {
  const d = await dashboardData(c);
  if (c.req.query('format') === 'csv') return csvResponse(c, d);
  const options = await dashboardFilterOptions(c.get('deps').db, d.scope, d.stats);
  if (d.errors) c.status(422);
  return c.html(
    <DashboardPage
      ctx={viewCtx(c)}
      stats={d.stats}
      factors={d.factors}
      values={d.values}
      errors={d.errors}
      scopeLine={scopeLine(c, d.scope)}
      options={options}
      qs={d.qs}
      tiles={tilesOf(c.get('deps').config)}
      mapArea={!d.scope.all && d.scope.territory ? d.scope : null}
    />,
  );
});

/** The counters alone: what htmx swaps when the SSE bus says a donation changed. */
statsRoutes.get('/dashboard/counters', async (c) => {
  const d = await dashboardData(c);
  return c.html(<Counters ctx={viewCtx(c)} stats={d.stats} factors={d.factors} qs={d.qs} />);
});

function csvResponse(c: Context<SignedInEnv>, d: Awaited<ReturnType<typeof dashboardData>>) {
  const table = (c.req.query('table') || 'summary') as CsvTable;
  if (!CSV_TABLES.includes(table))
    throw new ValidationError({ table: 'stats.err.table' }, 'stats.err.table');
  if (d.errors) throw new ValidationError(d.errors);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="${table}-${d.q.from}-${d.q.to}.csv"`);
  return c.body(statsCsv(table, d.stats, d.factors));
}

statsRoutes.get('/dashboard.csv', async (c) => csvResponse(c, await dashboardData(c)));

const requireAdmin = (actor: Actor) => {
  if (!actor.user.is_admin) throw new ForbiddenError();
};

statsRoutes.get('/admin/factors', async (c) => {
  requireAdmin(c.get('actor'));
  const f = await loadFactors(c.get('deps').db);
  return c.html(
    <FactorsPage ctx={viewCtx(c)} values={factorValues(f)} saved={c.req.query('saved') === '1'} />,
  );
});

statsRoutes.post('/admin/factors', async (c) => {
  const { db, now } = c.get('deps');
  requireAdmin(c.get('actor'));
  const form = Object.fromEntries(
    Object.entries(await formBody(c)).map(([k, v]) => [k, String([v].flat()[0] ?? '')]),
  );
  try {
    await saveFactors(db, c.get('actor'), form, now());
  } catch (e) {
    if (e instanceof ValidationError)
      return c.html(<FactorsPage ctx={viewCtx(c)} values={form} errors={e.fields} />, 422);
    throw e;
  }
  return c.redirect('/admin/factors?saved=1', 303);
});

statsRoutes.get('/admin/territories', async (c) => {
  requireAdmin(c.get('actor'));
  return c.html(
    <TerritoriesPage ctx={viewCtx(c)} territories={await listTerritories(c.get('deps').db)} />,
  );
});

statsRoutes.get('/admin/territories/:id/area', async (c) => {
  requireAdmin(c.get('actor'));
  const t = await getTerritory(c.get('deps').db, idParam(c.req.param('id')));
  return c.html(<AreaPage ctx={viewCtx(c)} territory={t} values={areaValues(t)} />);
});

/** The area form as typed (setTerritoryArea reads and checks it). */
const areaFromForm = (form: Record<string, string | string[]>) => ({
  towns: String(form.towns ?? ''),
  lat: String(form.lat ?? ''),
  lng: String(form.lng ?? ''),
  radiusKm: String(form.radiusKm ?? ''),
});

statsRoutes.post('/admin/territories/:id/area', async (c) => {
  const { db } = c.get('deps');
  requireAdmin(c.get('actor'));
  const t = await getTerritory(db, idParam(c.req.param('id')));
  const input = areaFromForm(await formBody(c));
  try {
    const found = await setTerritoryArea(db, c.get('actor'), t.id, input);
    const saved = { shops: found.shopIds.length, associations: found.associationIds.length };
    return c.html(<AreaPage ctx={viewCtx(c)} territory={t} values={input} saved={saved} />);
  } catch (e) {
    if (e instanceof ValidationError)
      return c.html(
        <AreaPage ctx={viewCtx(c)} territory={t} values={input} errors={e.fields} />,
        422,
      );
    throw e;
  }
});
