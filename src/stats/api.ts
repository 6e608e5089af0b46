import { Hono } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { parseStatsQuery } from '../shared/period.js';
import { statsForActor, statsToApi } from './figures.js';
import { givenShares } from './given.js';

export const statsApi = new Hono<SignedInEnv>();

const QUERY_KEYS = ['from', 'to', 'organisationId', 'category', 'series'];

/** GET /api/v1/stats: the figures of API.md, scoped to the caller (admin: all, or `organisationId`). */
statsApi.get('/stats', async (c) => {
  const { db, now } = c.get('deps');
  const q = parseStatsQuery(Object.fromEntries(QUERY_KEYS.map((k) => [k, c.req.query(k)])), now());
  const { stats, factors, scope } = await statsForActor(db, c.get('actor'), q);
  return c.json(statsToApi(stats, factors, await givenShares(db, scope, q)));
});
