import { errorResponse as err, type OpenApiPart } from '../http/openapi.js';
import { LISTED_KINDS, LOCATIONS, SERVICES } from './schemas.js';

const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({
  type: [type, 'null'],
  ...extra,
});

const entry = {
  type: 'object',
  description:
    'What the organisation shows in its territory’s public directory. PUT replaces it: a field left out is not shown. Services and newBeneficiaries are kept for an association only, showGiving for a shop; a territory keeps only listed (its public page).',
  properties: {
    listed: { type: 'boolean', default: false, description: 'false: nothing of it is public' },
    showName: { type: 'boolean', default: false },
    showKind: { type: 'boolean', default: false },
    location: {
      enum: [...LOCATIONS],
      default: 'none',
      description:
        'commune: its commune, on the map rounded to 0.01° (about 1 km); address: its address, 0.0001°',
    },
    services: { type: 'array', items: { enum: [...SERVICES] }, default: [] },
    hours: nullable('string', { maxLength: 300 }),
    newBeneficiaries: nullable('boolean', { description: 'null: not said' }),
    phone: nullable('string', { description: 'a French number, answered as E.164' }),
    email: nullable('string', { maxLength: 200 }),
    website: nullable('string', { maxLength: 200, description: 'http(s) only' }),
    showGiving: {
      type: 'boolean',
      default: false,
      description: 'a shop says it gave in the last 6 months (a donation not cancelled)',
    },
  },
};

const publicEntry = {
  type: 'object',
  description: 'Each field null unless the organisation chose to show it',
  properties: {
    name: nullable('string'),
    kind: { enum: [...LISTED_KINDS, null] },
    services: { type: ['array', 'null'], items: { enum: [...SERVICES] } },
    hours: nullable('string'),
    newBeneficiaries: nullable('boolean'),
    phone: nullable('string'),
    email: nullable('string'),
    website: nullable('string'),
    commune: {
      type: ['object', 'null'],
      properties: { code: { type: 'string' }, name: { type: 'string' } },
    },
    address: nullable('string'),
    lat: nullable('number'),
    lng: nullable('number'),
    gives: nullable('boolean'),
    distanceKm: nullable('number', {
      description: 'signed in as a shop, association or producer organisation: from it',
    }),
  },
};

const json = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const ok = (description: string, ref: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});

/** The territory's public directory: each organisation's choices, and the public list. */
export const directoryOpenApi: OpenApiPart = {
  schemas: { DirectoryEntry: entry, PublicDirectoryEntry: publicEntry },
  paths: {
    '/organisations/{id}/directory': {
      get: {
        parameters: id,
        summary: 'What the organisation shows in the public directory (a member of it)',
        responses: { '200': ok('the entry', 'DirectoryEntry'), '404': err('not_found') },
      },
      put: {
        parameters: id,
        summary: 'Choose what the organisation shows in the public directory (a manager of it)',
        requestBody: json({ $ref: '#/components/schemas/DirectoryEntry' }),
        responses: {
          '200': ok('the entry as kept', 'DirectoryEntry'),
          '403': err('forbidden: not a manager'),
          '422': err('invalid_input'),
        },
      },
    },
    '/territories/{id}/directory': {
      get: {
        security: [],
        parameters: [
          ...id,
          { name: 'kind', in: 'query', schema: { enum: [...LISTED_KINDS] } },
          { name: 'commune', in: 'query', schema: { type: 'string', description: 'INSEE code' } },
          { name: 'service', in: 'query', schema: { enum: [...SERVICES] } },
          { name: 'gives', in: 'query', schema: { enum: ['1'] } },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
        ],
        summary:
          'A published territory’s directory, no sign-in: 30 a page, nearest first when signed in',
        responses: {
          '200': {
            description:
              '{territory: {id, name}, entries: PublicDirectoryEntry[], page, more, communes: [{code, name}], from}',
          },
          '404': err('not_found: no such territory, or its page is not published'),
          '422': err('invalid_input: a filter'),
          '429': err('too_many_attempts'),
        },
      },
    },
  },
};
