import { tokensOpenApi } from './accounts/openapi.js';
import { conventionsOpenApi } from './conventions/openapi.js';
import { directoryOpenApi } from './directory/openapi.js';
import { donationsOpenApi } from './donations/openapi.js';
import { hubsOpenApi } from './hubs/openapi.js';
import { errorResponse, type OpenApiPart } from './http/openapi.js';
import { pushOpenApi } from './notifications/openapi.js';
import { placesOpenApi } from './places/openapi.js';
import { receiptsOpenApi } from './receipts/openapi.js';
import { roundsOpenApi } from './rounds/openapi.js';
import { seriesOpenApi } from './series/openapi.js';
import { statsOpenApi } from './stats/openapi.js';
import { territoriesOpenApi } from './territories/openapi.js';
import { withdrawalsOpenApi } from './withdrawals/openapi.js';

/** The parts the features describe, merged into the document below (GET /api/v1/openapi.json). */
const FEATURE_PARTS: OpenApiPart[] = [
  tokensOpenApi,
  donationsOpenApi,
  withdrawalsOpenApi,
  statsOpenApi,
  pushOpenApi,
  placesOpenApi,
  receiptsOpenApi,
  seriesOpenApi,
  conventionsOpenApi,
  hubsOpenApi,
  territoriesOpenApi,
  directoryOpenApi,
  roundsOpenApi,
];

/** The OpenAPI description of what /api/v1 serves: the accounts and organisations, then each feature's part. */
const base: Record<string, any> = {
  openapi: '3.1.0',
  info: { title: 'Surplus Link API', version: '1' },
  servers: [{ url: '/api/v1' }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              fields: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
        },
      },
      Organisation: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          kind: { enum: ['shop', 'association', 'producer_org', 'territory'] },
          name: { type: 'string' },
          address: {
            type: ['string', 'null'],
            maxLength: 200,
            description: 'Without lat and lng, looked up with postcode and town (API.md, "Places")',
          },
          postcode: { type: ['string', 'null'] },
          town: { type: ['string', 'null'] },
          lat: { type: 'number' },
          lng: { type: 'number' },
          citycode: {
            type: ['string', 'null'],
            pattern: '^([0-9]{5}|2[AB][0-9]{3})$',
            description: "The commune's INSEE code: from the lookup, or given with coordinates",
          },
          addressLabel: {
            type: ['string', 'null'],
            readOnly: true,
            description: 'The address as the address service names it (null: placed by hand)',
          },
          approved: { type: 'boolean' },
          radiusKm: { type: 'number' },
          acceptedCategories: { type: ['array', 'null'], items: { type: 'string' } },
          storage: {
            type: 'object',
            properties: { chilled: { type: 'boolean' }, frozen: { type: 'boolean' } },
          },
          minKg: { type: ['number', 'null'] },
          maxKg: { type: ['number', 'null'] },
          accessNotes: {
            type: ['string', 'null'],
            maxLength: 500,
            description: "a shop's way in (entrance, parking, door, whom to ask)",
          },
          pickupPhone: {
            type: ['string', 'null'],
            description: 'a French number, answered as E.164 (+33...)',
          },
          siret: {
            type: ['string', 'null'],
            description:
              '14 digits, Luhn key checked (La Poste: digit sum a multiple of 5); sets siren',
          },
          siren: { type: ['string', 'null'], description: '9 digits, Luhn key checked' },
          legalForm: { type: ['string', 'null'], maxLength: 80 },
          salesAreaM2: {
            type: ['integer', 'null'],
            description: 'over 400: the shop is under the legal duty (L.541-15-6)',
          },
          rna: {
            type: ['string', 'null'],
            description: 'W + 9 characters (W691234567, W2A1001234)',
          },
          object: {
            type: ['string', 'null'],
            maxLength: 300,
            description: "an association's object",
          },
          approval: {
            type: ['object', 'null'],
            description: 'food-aid approval; number and endsOn required unless level is law',
            properties: {
              level: { enum: ['national', 'regional', 'law'] },
              number: { type: ['string', 'null'] },
              startsOn: {
                type: ['string', 'null'],
                format: 'date',
                description:
                  'its first day (optional); each approval is kept, and a receipt reads the one in force on each pickup',
              },
              endsOn: { type: ['string', 'null'], format: 'date' },
            },
          },
          receiptPeriod: {
            enum: ['month', 'quarter', 'year'],
            description:
              "an association's receipts: one per shop and per month, quarter or calendar year (default year); a receipt's period is exactly one of them",
          },
        },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/tokens': {
      post: {
        security: [],
        summary: 'Exchange an e-mail and password for an API token',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['email', 'password'],
                properties: { email: { type: 'string' }, password: { type: 'string' } },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Token',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { token: { type: 'string' }, userId: { type: 'integer' } },
                },
              },
            },
          },
          '401': errorResponse('invalid_credentials'),
          '429': errorResponse('too_many_attempts'),
        },
      },
    },
    '/organisations': {
      post: {
        summary: 'Create an organisation (platform admin)',
        requestBody: {
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/Organisation' } },
          },
        },
        responses: {
          '201': { description: 'Created' },
          '403': errorResponse('forbidden'),
          '422': errorResponse(
            'invalid_input (fields.address: an address the service does not know)',
          ),
          '503': errorResponse('geocoder_unavailable'),
        },
      },
    },
    '/organisations/{id}': {
      get: {
        summary: 'Read an organisation',
        responses: { '200': { description: 'Organisation' }, '404': errorResponse('not_found') },
      },
      patch: {
        summary: 'Update an organisation (admin, or a manager of it)',
        requestBody: {
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/Organisation' } },
          },
        },
        responses: {
          '200': { description: 'Updated' },
          '403': errorResponse('forbidden'),
          '404': errorResponse('not_found'),
          '422': errorResponse(
            'invalid_input (fields.address: an address the service does not know)',
          ),
          '503': errorResponse('geocoder_unavailable'),
        },
      },
    },
    '/organisations/{id}/members': {
      post: {
        summary: 'Add a member (admin, or a manager of it)',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['email', 'role'],
                properties: {
                  email: { type: 'string' },
                  password: { type: 'string' },
                  role: { enum: ['manager', 'member'] },
                },
              },
            },
          },
        },
        responses: {
          '201': { description: 'Member added' },
          '403': errorResponse('forbidden'),
          '422': errorResponse('invalid_input'),
        },
      },
    },
  },
};

function assemble(doc: Record<string, any>, parts: OpenApiPart[]) {
  for (const part of parts) {
    Object.assign(doc.components.schemas, part.schemas);
    for (const [path, operations] of Object.entries(part.paths))
      doc.paths[path] = { ...doc.paths[path], ...operations };
  }
  return doc;
}

export const openApiDocument = assemble(base, FEATURE_PARTS);
