import { Hono, type Context } from 'hono';
import { CoveragePage } from '../../views/territories/coverage.js';
import { HomeNews, NewsPage, TerritoryCoordination } from '../../views/territories/news.js';
import type { SignedInEnv } from '../http/env.js';
import { fieldsFromZod } from '../http/errors.js';
import { formBody, viewCtx } from '../http/render.js';
import { parseStatsQuery } from '../shared/period.js';
import { ValidationError } from '../shared/errors.js';
import { territoryCoverage } from './coverage.js';
import {
  listTerritoryNews,
  NewsQuotaError,
  newsForOrganisation,
  sendTerritoryNews,
} from './news.js';
import { newsFromForm, newsSchema } from './schemas.js';

export const territoryRoutes = new Hono<SignedInEnv>();

async function newsPage(
  c: Context<SignedInEnv>,
  form: {
    values?: Record<string, unknown>;
    errors?: Record<string, string>;
    sent?: number | null;
  } = {},
) {
  const { db, now } = c.get('deps');
  const { items, leftToday } = await listTerritoryNews(db, c.get('actor'), now());
  return c.html(<NewsPage ctx={viewCtx(c)} items={items} leftToday={leftToday} {...form} />);
}

territoryRoutes.get('/territory/news', (c) => {
  const sent = c.req.query('sent');
  return newsPage(c, { sent: sent && /^\d{1,9}$/.test(sent) ? Number(sent) : null });
});

territoryRoutes.post('/territory/news', async (c) => {
  const form = await formBody(c);
  const parsed = newsSchema.safeParse(newsFromForm(form));
  if (!parsed.success)
    return (
      c.status(422),
      newsPage(c, { values: form, errors: fieldsFromZod(parsed.error.issues) })
    );
  const { db, now } = c.get('deps');
  try {
    const { people } = await sendTerritoryNews(db, c.get('actor'), parsed.data, now());
    return c.redirect(`/territory/news?sent=${people}`, 303);
  } catch (e) {
    if (!(e instanceof NewsQuotaError)) throw e;
    return (c.status(429), newsPage(c, { values: form, errors: { _: e.message } }));
  }
});

const PERIOD_KEYS = ['period', 'month', 'year', 'from', 'to'];

/** The period asked for, or the default one with the errors to say beside the fields. */
function periodOf(values: Record<string, string>, now: Date) {
  try {
    return { q: parseStatsQuery(values, now), errors: undefined };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return { q: parseStatsQuery({}, now), errors: e.fields };
  }
}

territoryRoutes.get('/territory/coverage', async (c) => {
  const { db, now, communes } = c.get('deps');
  const values = Object.fromEntries(PERIOD_KEYS.map((k) => [k, c.req.query(k) ?? '']));
  const { q, errors } = periodOf(values, now());
  const coverage = await territoryCoverage(db, c.get('actor'), q);
  if (errors) c.status(422);
  // names of the communes where the official list is at hand (Node), else their codes alone
  const index = communes ? await communes().catch(() => null) : null;
  const names = (code: string) => index?.part('commune', code)?.name ?? null;
  return c.html(
    <CoveragePage
      ctx={viewCtx(c)}
      coverage={coverage}
      values={values}
      errors={errors}
      names={names}
    />,
  );
});

/**
 * The home page's part (see src/app.tsx): a territory's links to write to its area and see its
 * coverage, with its latest news; an organisation's latest news from its territory.
 */
export async function territoryNewsHomeSection(c: Context<SignedInEnv>) {
  const actor = c.get('actor');
  const { db, now } = c.get('deps');
  const ctx = viewCtx(c);
  if (actor.org?.kind === 'territory') {
    const { items } = await listTerritoryNews(db, actor, now(), 3);
    return <TerritoryCoordination ctx={ctx} latest={items} />;
  }
  if (!actor.org) return null;
  const items = await newsForOrganisation(db, actor.org.organisationId, now());
  return items.length ? <HomeNews ctx={ctx} items={items} /> : null;
}
