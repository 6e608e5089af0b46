import { errorResponse as err, type OpenApiPart } from '../http/openapi.js';
import { LOOKUPS_PER_MINUTE } from './lookup-throttle.js';

const place = {
  type: 'object',
  required: ['label', 'lat', 'lng', 'citycode', 'postcode', 'town'],
  properties: {
    label: { type: 'string', description: 'The address as the address service names it' },
    lat: { type: 'number' },
    lng: { type: 'number' },
    citycode: {
      type: ['string', 'null'],
      pattern: '^([0-9]{5}|2[AB][0-9]{3})$',
      description: "The commune's INSEE code",
    },
    postcode: { type: ['string', 'null'] },
    town: { type: ['string', 'null'] },
  },
};

export const placesOpenApi: OpenApiPart = {
  schemas: { Place: place },
  paths: {
    '/places': {
      get: {
        security: [],
        summary: `Addresses matching what was typed, best first (no sign-in; ${LOOKUPS_PER_MINUTE} lookups a minute per client address)`,
        parameters: [
          {
            name: 'q',
            in: 'query',
            required: true,
            schema: { type: 'string', maxLength: 200 },
            description: 'Fewer than 3 characters: no suggestion',
          },
        ],
        responses: {
          '200': {
            description: 'Up to 5 suggestions (none for an address the service does not know)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: { type: 'array', items: { $ref: '#/components/schemas/Place' } },
                  },
                },
              },
            },
          },
          '422': err('invalid_input (q missing, too long, or with control characters)'),
          '429': err('too_many_attempts (Retry-After says when)'),
          '503': err('geocoder_unavailable (the address service cannot be reached)'),
        },
      },
    },
  },
};
