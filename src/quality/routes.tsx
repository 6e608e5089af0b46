import { Hono, type Context } from 'hono';
import { DefectItem, QualityPage } from '../../views/quality/page.js';
import type { SignedInEnv } from '../http/env.js';
import { ValidationError } from '../shared/errors.js';
import { formBody, viewCtx } from '../http/render.js';
import { loadFactors } from '../stats/factors.js';
import { parseStatsQuery, type StatsQuery } from '../shared/period.js';
import { computeStats } from '../stats/queries.js';
import { resolveScope } from '../shared/scope.js';
import { defectsCsv } from './csv.js';
import { countReasonCodes, listDefects, recordCorrectiveAction, visibleDefects } from './domain.js';
import { idParam } from '../shared/ids.js';

export const qualityRoutes = new Hono<SignedInEnv>();

const EVER: StatsQuery = {
  period: 'custom',
  from: '1970-01-01',
  to: '2999-12-31',
  series: 'month',
  category: null,
  shopId: null,
  associationId: null,
  organisationId: null,
};
const QUERY_KEYS = ['period', 'year', 'month', 'from', 'to', 'shop', 'organisationId'];

/** The page's filters, from the query string (bad ones: a ValidationError). */
const defectFilters = (c: Context<SignedInEnv>) =>
  parseStatsQuery(
    Object.fromEntries(QUERY_KEYS.map((k) => [k, c.req.query(k)])),
    c.get('deps').now(),
  );

async function qualityPage(
  c: Context<SignedInEnv>,
  failed?: { id: number; values: Record<string, string>; errors: Record<string, string> },
) {
  const { db } = c.get('deps');
  const actor = c.get('actor');
  const q = defectFilters(c);
  const scope = await resolveScope(db, actor, q.organisationId);
  const [defects, stats] = await Promise.all([
    listDefects(db, scope, failed ? EVER : q),
    computeStats(db, scope, q, await loadFactors(db)),
  ]);
  const canActFor = actor.memberships.filter((m) => m.kind === 'shop').map((m) => m.organisationId);
  return c.html(
    <QualityPage
      ctx={viewCtx(c)}
      defects={failed ? defects.filter((d) => d.id === failed.id) : defects}
      shops={stats.shops}
      canActFor={canActFor}
      range={q}
      failed={failed}
      codeCounts={countReasonCodes(defects)}
    />,
    failed ? 422 : 200,
  );
}

/** The defects of the page as CSV (same filters and scope). */
qualityRoutes.get('/quality.csv', async (c) => {
  const q = defectFilters(c);
  const defects = await visibleDefects(c.get('deps').db, c.get('actor'), q);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="defects-${q.from}-${q.to}.csv"`);
  return c.body(defectsCsv(viewCtx(c).lang, defects));
});

/** Defects and defect rates, for the shop, the association, the territory or the admin alike. */
qualityRoutes.get('/quality', (c) => qualityPage(c));

/** One defect's item, as the shop acting on it sees it: what htmx swaps after an action. */
async function defectFragment(
  c: Context<SignedInEnv>,
  id: number,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; recorded?: boolean },
  status: 200 | 422,
) {
  const shopScope = {
    all: false as const,
    label: '',
    shopIds: c.get('actor').memberships.map((m) => m.organisationId),
    associationIds: [],
  };
  const [d] = await listDefects(c.get('deps').db, shopScope, EVER, id);
  return c.html(<DefectItem ctx={viewCtx(c)} d={d} canAct {...extra} />, status);
}

qualityRoutes.post('/quality/:id/actions', async (c) => {
  const { db, now } = c.get('deps');
  const id = idParam(c.req.param('id'));
  const text = String([(await formBody(c)).action ?? ''].flat()[0]);
  try {
    await recordCorrectiveAction(db, c.get('actor'), id, text, now());
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const failed = { values: { action: text }, errors: e.fields };
    if (c.req.header('hx-request')) return defectFragment(c, id, failed, 422);
    return qualityPage(c, { id, ...failed });
  }
  if (c.req.header('hx-request')) return defectFragment(c, id, { recorded: true }, 200);
  return c.redirect(`/quality#defect-${id}`, 303);
});
