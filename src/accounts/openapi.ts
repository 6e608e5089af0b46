import { errorResponse as err, type OpenApiPart } from '../http/openapi.js';
import { API_TOKEN_DAYS } from './api-tokens.js';

const apiToken = {
  type: 'object',
  required: ['id', 'createdAt', 'expiresAt', 'lastUsedAt'],
  properties: {
    id: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};

// POST /tokens is described with the rest of the accounts; these are the caller's own tokens
const listTokens = {
  summary: `The caller's own API tokens that still work (each expires ${API_TOKEN_DAYS} days after it is made)`,
  responses: {
    '200': {
      description: 'Tokens, newest first',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: {
              items: { type: 'array', items: { $ref: '#/components/schemas/ApiToken' } },
            },
          },
        },
      },
    },
    '401': err('unauthorized'),
  },
};
const revokeToken = {
  delete: {
    summary: 'Revoke one of the caller’s own tokens; it answers 401 from then on',
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
    responses: {
      '204': { description: 'Revoked' },
      '401': err('unauthorized'),
      '404': err('not_found (no such token, or not the caller’s)'),
    },
  },
};

export const tokensOpenApi: OpenApiPart = {
  schemas: { ApiToken: apiToken },
  paths: { '/tokens': { get: listTokens }, '/tokens/{id}': revokeToken },
};
