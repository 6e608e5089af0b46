import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { openApiDocument } from '../openapi.js';
import { factorsToApi, loadFactors } from './factors.js';
import { parseStatsQuery } from '../shared/period.js';
import { computeStats } from './queries.js';
import { resolveScope } from '../shared/scope.js';

export const statsApi = new Hono<AppEnv>();

/** GET /api/v1/stats: the figures of API.md, scoped to the caller (admin: all, or `organisationId`). */
statsApi.get('/stats', async (c) => {
  const { db, now } = c.get('deps');
  const q = parseStatsQuery(
    {
      from: c.req.query('from'),
      to: c.req.query('to'),
      organisationId: c.req.query('organisationId'),
      category: c.req.query('category'),
      series: c.req.query('series'),
    },
    now(),
  );
  const scope = await resolveScope(db, c.get('actor')!, q.organisationId);
  const factors = await loadFactors(db);
  const s = await computeStats(db, scope, q, factors);
  return c.json({
    from: s.from,
    to: s.to,
    donations: s.donations,
    postedKg: s.postedKg,
    pickedUpKg: s.pickedUpKg,
    meals: s.meals,
    co2eKg: s.co2eKg,
    valueEur: s.valueEur,
    expiredKg: s.expiredKg,
    refusedKg: s.refusedKg,
    wasteKg: s.wasteKg,
    shareClaimed: s.shareClaimed,
    byCategory: s.byCategory.map((b) => ({
      category: b.category,
      kg: b.kg,
      postedKg: b.postedKg,
      donations: b.donations,
    })),
    quality: s.quality,
    defects: s.defects,
    medianMinutesToClaim: s.medianMinutesToClaim,
    medianEstimated: s.medianEstimated,
    timeSeries: s.timeSeries,
    factors: factorsToApi(factors),
  });
});

const factorSchema = {
  oneOf: [{ type: 'number' }, { type: 'object', additionalProperties: { type: 'number' } }],
};
Object.assign(openApiDocument.paths, {
  '/stats': {
    get: {
      summary:
        'Impact figures for the caller’s scope (shop, association, territory area, or all for the admin)',
      security: [{ bearer: [] }],
      parameters: [
        {
          name: 'from',
          in: 'query',
          schema: { type: 'string', format: 'date' },
          description: 'First day (Paris); with `to`. Default: the last 30 days.',
        },
        {
          name: 'to',
          in: 'query',
          schema: { type: 'string', format: 'date' },
          description: 'Last day, included.',
        },
        {
          name: 'organisationId',
          in: 'query',
          schema: { type: 'integer' },
          description: 'Narrow to one organisation within the caller’s scope.',
        },
        { name: 'category', in: 'query', schema: { type: 'string' } },
      ],
      responses: {
        200: {
          description:
            'The figures. Posted counts use the posting day; picked-up, quality and waste figures the day they happened.',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: [
                  'donations',
                  'pickedUpKg',
                  'meals',
                  'co2eKg',
                  'valueEur',
                  'expiredKg',
                  'byCategory',
                  'quality',
                  'medianMinutesToClaim',
                  'factors',
                ],
                properties: {
                  donations: { type: 'integer' },
                  pickedUpKg: { type: 'number' },
                  meals: { type: 'integer' },
                  co2eKg: { type: 'number' },
                  valueEur: { type: 'number' },
                  expiredKg: {
                    type: 'number',
                    description: 'kg of donations that expired or were missed',
                  },
                  refusedKg: { type: 'number' },
                  wasteKg: { type: 'number', description: 'expired, missed or refused' },
                  byCategory: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { category: { type: 'string' }, kg: { type: 'number' } },
                    },
                  },
                  quality: {
                    type: 'object',
                    properties: {
                      good: { type: 'integer' },
                      acceptable: { type: 'integer' },
                      poor: { type: 'integer' },
                      refused: { type: 'integer' },
                    },
                  },
                  medianMinutesToClaim: { type: ['number', 'null'] },
                  factors: {
                    type: 'object',
                    properties: {
                      mealKg: factorSchema,
                      co2ePerKg: factorSchema,
                      valueEurPerKg: factorSchema,
                    },
                  },
                },
              },
            },
          },
        },
        401: {
          description: 'No or bad token',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        404: { description: 'organisationId not visible to the caller' },
        422: {
          description: 'Bad dates or filters',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  },
});
