import { errorResponse as error, type OpenApiPart } from '../http/openapi.js';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const day = { type: 'string', format: 'date' };

const receipt = {
  type: 'object',
  required: [
    'id',
    'number',
    'shopId',
    'associationId',
    'periodFrom',
    'periodTo',
    'amountEur',
    'amountWords',
    'status',
  ],
  properties: {
    id: { type: 'integer' },
    number: {
      type: 'string',
      description: 'YYYY-NNNN: unique per association and year, given once and never reused',
    },
    shopId: { type: 'integer' },
    associationId: { type: 'integer' },
    periodFrom: day,
    periodTo: day,
    amountEur: { type: 'number', description: 'EUR, frozen when issued' },
    amountWords: { type: 'string', description: 'The amount in French words' },
    kg: { type: 'number' },
    status: { enum: ['issued', 'cancelled'] },
    issuedAt: { type: 'string', format: 'date-time' },
    cancelledAt: { type: ['string', 'null'], format: 'date-time' },
    cancelReason: { type: ['string', 'null'] },
    replacesId: {
      type: ['integer', 'null'],
      description: 'The cancelled receipt this one replaces',
    },
    donor: {
      type: 'object',
      description: 'The shop as the receipt states it: name, address, SIREN, legal form',
    },
    donee: {
      type: 'object',
      description: 'The association: name, address, RNA, SIREN, object, approval',
    },
    lines: {
      type: 'array',
      items: { type: 'object' },
      description: 'The donations counted, with kg, rate and value',
    },
  },
};

export const receiptsOpenApi: OpenApiPart = {
  schemas: { Receipt: receipt },
  paths: {
    '/receipts': {
      post: {
        summary:
          "Issue a Cerfa 16216 receipt (a manager of the association) for one shop and one whole period of the association's receiptPeriod (month, quarter or year), ending today at the latest",
        requestBody: json({
          type: 'object',
          required: ['shopId', 'periodFrom', 'periodTo'],
          properties: {
            shopId: { type: 'integer' },
            associationId: {
              type: 'integer',
              description:
                'the association issuing, which the caller manages; required when it manages several (422 on fields.associationId)',
            },
            periodFrom: day,
            periodTo: day,
            withoutValue: {
              enum: ['refuse', 'exclude'],
              description:
                'Donations without a cost value: refused (422 on fields.withoutValue, the default) or left out',
            },
          },
        }),
        responses: {
          '201': json({ $ref: '#/components/schemas/Receipt' }),
          '403': error('forbidden: not a manager of an association'),
          '409': error(
            'receipt_overlap: a receipt still issued for that shop covers part of the period',
          ),
          '422': error('invalid_input'),
        },
      },
      get: {
        summary:
          "Receipts of a year (default: this one): an association's own, those made out to a shop",
        parameters: [{ name: 'year', in: 'query', schema: { type: 'integer' } }],
        responses: {
          '200': json({
            type: 'object',
            properties: {
              items: { type: 'array', items: { $ref: '#/components/schemas/Receipt' } },
            },
          }),
          '422': error('invalid_input'),
        },
      },
    },
    '/receipts/{id}': {
      get: {
        summary: 'One receipt',
        responses: {
          '200': json({ $ref: '#/components/schemas/Receipt' }),
          '404': error('not_found'),
        },
      },
    },
    '/receipts/{id}/pdf': {
      get: {
        summary:
          'The receipt as an A4 PDF (Cerfa 16216 fields, from the copy frozen at issue; a cancelled one reads ANNULÉ)',
        responses: {
          '200': {
            description: 'The PDF',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          '404': error('not_found'),
        },
      },
    },
    '/receipts/{id}/cancel': {
      post: {
        summary:
          'Cancel an issued receipt (a manager of its association); it stays listed, its period may be issued again under a new number',
        requestBody: json({
          type: 'object',
          required: ['reason'],
          properties: { reason: { type: 'string', maxLength: 300 } },
        }),
        responses: {
          '200': json({ $ref: '#/components/schemas/Receipt' }),
          '403': error('forbidden'),
          '404': error('not_found'),
          '409': error('receipt_cancelled: already cancelled'),
          '422': error('invalid_input'),
        },
      },
    },
  },
};
