import { errorResponse as err, type OpenApiPart } from '../http/openapi.js';

const news = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: { type: 'string', maxLength: 120 },
    body: { type: 'string', maxLength: 2000 },
    createdAt: { type: 'string', format: 'date-time' },
    recipients: { type: 'integer', description: 'people it was written to' },
    organisations: { type: 'integer', description: 'organisations of the area it was sent to' },
  },
};
const period = ['period', 'month', 'year', 'from', 'to'].map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string' },
  description: 'As for /stats: last30 (default), month=YYYY-MM, year=YYYY, or from and to',
}));

/** A territory's coordination (issue #19): its news to the area, and where its area lacks. */
export const territoriesOpenApi: OpenApiPart = {
  schemas: { TerritoryNews: news },
  paths: {
    '/territory/news': {
      get: {
        summary:
          'The news the caller’s territory sent, newest first, and how many it may still send today',
        security: [{ bearer: [] }],
        responses: {
          200: { description: '`{items, leftToday}`' },
          403: err('Not a member of a territory'),
        },
      },
      post: {
        summary:
          'Send a news item to every organisation of the territory’s area (3 a Paris day at most), on each member’s channels for `territory_news`',
        security: [{ bearer: [] }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['title', 'body'],
                properties: {
                  title: { type: 'string', minLength: 1, maxLength: 120 },
                  body: { type: 'string', minLength: 1, maxLength: 2000 },
                },
              },
            },
          },
        },
        responses: {
          201: {
            description: 'Sent',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/TerritoryNews' } },
            },
          },
          403: err('Not a member of a territory'),
          422: err('Title or text empty, too long or with control characters'),
          429: err('Already 3 sent today (`news_quota`, with Retry-After)'),
        },
      },
    },
    '/territory/coverage': {
      get: {
        summary:
          'Where the territory’s area lacks coverage over a period: shops whose donations expire unclaimed (`expiring`), communes none of whose shops an approved association reaches (`outOfReach`), communes nobody joined (`emptyCommunes`), associations short of cold storage that chilled or frozen food passed by (`cold`)',
        security: [{ bearer: [] }],
        parameters: period,
        responses: {
          200: { description: 'The lists, worst first' },
          403: err('Not a member of a territory'),
          422: err('Bad period'),
        },
      },
    },
  },
};
