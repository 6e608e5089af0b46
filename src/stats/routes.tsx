import { Hono, type Context } from 'hono';
import { AreaMatches, AreaPage, TerritoriesPage } from '../../views/stats/area.js';
import { Counters, DashboardPage } from '../../views/stats/dashboard.js';
import { FactorsPage, factorValues } from '../../views/stats/factors.js';
import { tr } from '../../views/context.js';
import type { Actor } from '../accounts/actor.js';
import type { SignedInEnv } from '../http/env.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import { formBody, viewCtx } from '../http/render.js';
import type { AreaPart } from '../places/communes.js';
import {
  areaValues,
  describeParts,
  editArea,
  getTerritory,
  legacyTowns,
  listTerritories,
  searchParts,
  setTerritoryArea,
  type AreaInput,
  type Territory,
} from './area.js';
import { CSV_TABLES, statsCsv, type CsvTable } from './csv.js';
import { dashboardFilterOptions, statsForActor } from './figures.js';
import { givenShares, givenTrend } from './given.js';
import { GIVEN_CSV_TABLES, givenCsv, type GivenCsvTable } from './given-csv.js';
import { loadFactors, saveFactors } from './factors.js';
import { parisToday, parseStatsQuery, type StatsQuery } from '../shared/period.js';
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
  const given = await givenShares(db, scope, q);
  // a territory (and the admin) follows the quality of what is given month by month
  const trend = scope.all || scope.territory ? await givenTrend(db, scope, q) : null;
  const qs = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== '')).toString();
  return { q, values, errors, scope, factors, stats, given, trend, qs };
}

function scopeLine(c: Context<SignedInEnv>, scope: Scope) {
  const ctx = viewCtx(c);
  if (scope.all) return tr(ctx, 'stats.scope_all');
  const line = tr(ctx, 'stats.scope_of', { name: scope.label });
  if (!scope.territory) return line;
  if (!scope.shopIds.length && !scope.associationIds.length)
    return `${line} · ${tr(ctx, 'stats.scope_empty')}`;
  return `${line} · ${tr(ctx, 'stats.scope_area', { shops: tr(ctx, 'count.shops', { n: scope.shopIds.length }), associations: tr(ctx, 'count.associations', { n: scope.associationIds.length }) })}`;
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
      given={d.given}
      trend={d.trend}
      values={d.values}
      errors={d.errors}
      scopeLine={scopeLine(c, d.scope)}
      options={options}
      qs={d.qs}
      tiles={tilesOf(c.get('deps').config)}
      mapArea={!d.scope.all && d.scope.territory ? d.scope : null}
      today={parisToday(c.get('deps').now())}
    />,
  );
});

/** The counters alone: what htmx swaps when the SSE bus says a donation changed. */
statsRoutes.get('/dashboard/counters', async (c) => {
  const d = await dashboardData(c);
  return c.html(
    <Counters
      ctx={viewCtx(c)}
      stats={d.stats}
      factors={d.factors}
      qs={d.qs}
      today={parisToday(c.get('deps').now())}
    />,
  );
});

function csvResponse(c: Context<SignedInEnv>, d: Awaited<ReturnType<typeof dashboardData>>) {
  const table = (c.req.query('table') || 'summary') as CsvTable | GivenCsvTable;
  const given = (GIVEN_CSV_TABLES as readonly string[]).includes(table);
  if (!CSV_TABLES.includes(table as CsvTable) && !given)
    throw new ValidationError({ table: 'stats.err.table' }, 'stats.err.table');
  if (d.errors) throw new ValidationError(d.errors);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="${table}-${d.q.from}-${d.q.to}.csv"`);
  const lang = viewCtx(c).lang;
  return c.body(
    given
      ? givenCsv(lang, table as GivenCsvTable, d.given, d.trend ?? d.given.months)
      : statsCsv(lang, table as CsvTable, d.stats, d.factors),
  );
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

/** The area page: the territory, its parts and the form's values (as saved, or as posted). */
function areaPage(
  c: Context<SignedInEnv>,
  t: Territory,
  view: { values: AreaInput; parts: AreaPart[]; matches?: AreaPart[] | null },
  more: { errors?: Record<string, string>; saved?: { shops: number; associations: number } } = {},
) {
  const page = (
    <AreaPage
      ctx={viewCtx(c)}
      territory={t}
      {...view}
      legacyTowns={legacyTowns(t)}
      canChoose={!!c.get('deps').communes}
      {...more}
    />
  );
  return c.html(page, more.errors ? 422 : 200);
}

statsRoutes.get('/admin/territories/:id/area', async (c) => {
  requireAdmin(c.get('actor'));
  const t = await getTerritory(c.get('deps').db, idParam(c.req.param('id')));
  return areaPage(c, t, { values: areaValues(t), parts: t.parts });
});

/** The suggestions htmx swaps under the search field as the admin types. */
statsRoutes.get('/admin/territories/:id/area/suggestions', async (c) => {
  requireAdmin(c.get('actor'));
  await getTerritory(c.get('deps').db, idParam(c.req.param('id')));
  const q = (c.req.query('q') ?? '').trim();
  let matches: AreaPart[] | null = null;
  try {
    matches = q ? await searchParts(q, c.get('deps').communes) : null;
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return c.html(
      <p id="area-matches" class="error">
        {tr(viewCtx(c), e.fields.q)}
      </p>,
    );
  }
  return c.html(<AreaMatches ctx={viewCtx(c)} matches={matches} />);
});

/** The area form as typed (setTerritoryArea and editArea read and check it). */
const areaFromForm = (form: Record<string, string | string[]>) => {
  const one = (k: string) => String([form[k] ?? ''].flat()[0] ?? '');
  return {
    parts: [form.part ?? []].flat().map(String).slice(0, 1000),
    q: one('q'),
    lat: one('lat'),
    lng: one('lng'),
    radiusKm: one('radiusKm'),
    add: one('add'),
    remove: one('remove'),
    save: one('action') === 'save' || (one('action') === 'enter' && !one('q').trim()),
  };
};

/** Add, remove or search (the form again, nothing saved), or save the area. */
statsRoutes.post('/admin/territories/:id/area', async (c) => {
  const { db, communes } = c.get('deps');
  requireAdmin(c.get('actor'));
  const t = await getTerritory(db, idParam(c.req.param('id')));
  const input = areaFromForm(await formBody(c));
  const values = { ...input, q: input.add ? '' : input.q };
  try {
    if (input.save && !input.add && !input.remove) {
      const found = await setTerritoryArea(db, c.get('actor'), t.id, input, communes);
      const saved = await getTerritory(db, t.id);
      const counts = { shops: found.shopIds.length, associations: found.associationIds.length };
      return areaPage(
        c,
        saved,
        { values: areaValues(saved), parts: saved.parts },
        { saved: counts },
      );
    }
    return areaPage(c, t, { values, ...(await editArea(t, input, communes)) });
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const parts = await describeParts(t, input.parts, communes).catch(() => t.parts);
    return areaPage(c, t, { values, parts }, { errors: e.fields });
  }
});
