import { Hono } from 'hono';
import { jsonBody } from '../http/api.js';
import type { SignedInEnv } from '../http/env.js';
import { parseStatsQuery } from '../shared/period.js';
import { territoryCoverage } from './coverage.js';
import { listTerritoryNews, sendTerritoryNews } from './news.js';
import { newsSchema } from './schemas.js';

/** The territory's coordination as JSON: the same domain calls as its pages (issue #19). */
export const territoryApi = new Hono<SignedInEnv>();

const newsToApi = (n: {
  id: number;
  title: string;
  body: string;
  created_at: Date;
  recipients: number;
  organisations?: number;
}) => ({
  id: n.id,
  title: n.title,
  body: n.body,
  createdAt: n.created_at.toISOString(),
  recipients: n.recipients,
  ...(n.organisations != null ? { organisations: n.organisations } : {}),
});

territoryApi.get('/territory/news', async (c) => {
  const { db, now } = c.get('deps');
  const { items, leftToday } = await listTerritoryNews(db, c.get('actor'), now());
  return c.json({ items: items.map(newsToApi), leftToday });
});

territoryApi.post('/territory/news', async (c) => {
  const input = await jsonBody(c, newsSchema);
  const { db, now } = c.get('deps');
  const sent = await sendTerritoryNews(db, c.get('actor'), input, now());
  return c.json({ ...newsToApi(sent.news), organisations: sent.organisations }, 201);
});

territoryApi.get('/territory/coverage', async (c) => {
  const { db, now } = c.get('deps');
  const keys = ['period', 'month', 'year', 'from', 'to'];
  const q = parseStatsQuery(Object.fromEntries(keys.map((k) => [k, c.req.query(k)])), now());
  return c.json(await territoryCoverage(db, c.get('actor'), q));
});
