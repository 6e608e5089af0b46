import { errorResponse, type OpenApiPart } from '../http/openapi.js';

/** The figures' part of the OpenAPI document (merged by src/openapi.ts). */
const factorSchema = {
  oneOf: [{ type: 'number' }, { type: 'object', additionalProperties: { type: 'number' } }],
};
const kgFields = {
  pickedUpKg: { type: 'number', description: 'the basis of every share' },
  freshProduceKg: { type: 'number' },
  fruitVegetablesKg: { type: 'number', description: 'category fruit_vegetables' },
  labelledKg: { type: 'number' },
  localKg: { type: 'number' },
  byLabel: {
    type: 'object',
    properties: {
      organic: { type: 'number' },
      label_rouge: { type: 'number' },
      aop_igp: { type: 'number' },
    },
  },
  shares: {
    type: 'object',
    description: 'ratios 0..1 of pickedUpKg (3 decimals), null when nothing was picked up',
    properties: Object.fromEntries(
      ['freshProduce', 'fruitVegetables', 'labelled', 'local'].map((k) => [
        k,
        { type: ['number', 'null'] },
      ]),
    ),
  },
};
/** The quality of what is given (issue #19): what the shops marked at posting, by kg picked up. */
const qualityShares = {
  type: 'object',
  description:
    'Shares of the kg picked up in the period (withdrawals received count as fresh fruit and vegetables)',
  properties: {
    basis: { const: 'picked_up_kg' },
    ...kgFields,
    months: {
      type: 'array',
      description: 'the same by month (first day YYYY-MM-01), months with pickups only',
      items: { type: 'object', properties: { month: { type: 'string' }, ...kgFields } },
    },
  },
};

export const statsOpenApi: OpenApiPart = {
  paths: {
    '/stats': {
      get: {
        summary:
          'Impact figures for the caller’s scope (shop, association, territory area: its shops and associations by INSEE commune code, or within its circle; or all for the admin)',
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
                    qualityShares: qualityShares,
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
          401: errorResponse('No or bad token'),
          404: { description: 'organisationId not visible to the caller' },
          422: errorResponse('Bad dates or filters'),
        },
      },
    },
  },
};
