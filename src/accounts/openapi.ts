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

const me = {
  type: 'object',
  required: ['id', 'name', 'email', 'lang', 'phone', 'emailConfirmed', 'pendingEmail'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    email: { type: 'string', description: 'the current address (a change waits in pendingEmail)' },
    lang: { enum: ['fr', 'en'], description: 'the language of pages and messages' },
    phone: { type: ['string', 'null'], description: 'E.164' },
    emailConfirmed: { type: 'boolean' },
    pendingEmail: {
      type: ['string', 'null'],
      description: 'a new address asked for, waiting for the link sent to it (24 h)',
    },
    emailFailing: { type: 'boolean', description: 'mail to the address is refused for good' },
    phoneFailing: { type: 'boolean', description: 'SMS to the phone is refused for good' },
    phoneVerified: {
      type: 'boolean',
      description:
        'the phone was proved by the code sent to it; SMS go only to a verified number, and the SMS channel is refused until then',
    },
  },
};
const meJson = {
  'application/json': { schema: { $ref: '#/components/schemas/Me' } },
};
const mePaths = {
  get: {
    summary: 'The caller’s own account',
    responses: {
      '200': { description: 'The account', content: meJson },
      '401': err('unauthorized'),
    },
  },
  patch: {
    summary:
      'Change the caller’s name, language, phone or e-mail. A new e-mail is confirmed by a link sent to it (24 h, once): the answer keeps the current address and gives pendingEmail; an address another account uses gets the same answer',
    requestBody: {
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 100 },
              email: { type: 'string', maxLength: 254 },
              lang: { enum: ['fr', 'en'] },
              phone: {
                type: ['string', 'null'],
                description:
                  'French (06 12 34 56 78) or international (+32 470 12 34 56); null or "" removes it',
              },
            },
          },
        },
      },
    },
    responses: {
      '200': { description: 'The account after the change', content: meJson },
      '401': err('unauthorized'),
      '422': err('invalid_input, with fields'),
      '429': err('too_many_attempts (more than 5 confirmation links an hour)'),
    },
  },
};

const phoneCode = {
  post: {
    summary:
      'Send a 6-digit code by SMS to the caller’s phone (valid 10 minutes, 5 tries; it replaces the one waiting). At most 3 an hour per account and 5 a day per number',
    responses: {
      '202': {
        description: '`{sent}`: false when the number is verified already',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['sent'],
              properties: { sent: { type: 'boolean' } },
            },
          },
        },
      },
      '401': err('unauthorized'),
      '422': err('invalid_input (fields.phone: no phone on the account)'),
      '429': err('too_many_attempts'),
    },
  },
};
const phoneVerification = {
  post: {
    summary: 'Type back the code received by SMS: the phone becomes verified',
    requestBody: {
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['code'],
            properties: { code: { type: 'string', maxLength: 20, description: '6 digits' } },
          },
        },
      },
    },
    responses: {
      '200': { description: 'The account, phoneVerified true', content: meJson },
      '401': err('unauthorized'),
      '422': err(
        'invalid_input (not 6 digits) or invalid_phone_code (wrong, expired, out of tries, or for a number changed since), with fields.code',
      ),
    },
  },
};

export const tokensOpenApi: OpenApiPart = {
  schemas: { ApiToken: apiToken, Me: me },
  paths: {
    '/tokens': { get: listTokens },
    '/tokens/{id}': revokeToken,
    '/me': mePaths,
    '/me/phone/code': phoneCode,
    '/me/phone/verification': phoneVerification,
  },
};
