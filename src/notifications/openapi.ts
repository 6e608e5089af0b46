import { errorResponse as err, type OpenApiPart } from '../http/openapi.js';

/** The push endpoints' part of the OpenAPI document (merged by src/openapi.ts). */
const subscription = {
  type: 'object',
  required: ['endpoint', 'keys'],
  properties: {
    endpoint: { type: 'string', format: 'uri', description: 'https, on a browser push service' },
    keys: {
      type: 'object',
      required: ['p256dh', 'auth'],
      properties: {
        p256dh: { type: 'string', description: 'base64url, 65 bytes' },
        auth: { type: 'string', description: 'base64url, 16 bytes' },
      },
    },
  },
};
const choices = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kinds: {
      type: 'object',
      description: 'kind -> channels',
      additionalProperties: {
        type: 'array',
        maxItems: 3,
        items: { enum: ['push', 'email', 'sms'] },
      },
    },
    quiet: {
      type: ['object', 'null'],
      required: ['from', 'until'],
      properties: {
        from: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' },
        until: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' },
      },
    },
  },
};
export const pushOpenApi: OpenApiPart = {
  paths: {
    '/push/public-key': {
      get: {
        summary: 'The VAPID public key (base64url) for PushManager.subscribe',
        security: [{ bearer: [] }],
        responses: { 200: { description: '{publicKey}' }, 401: err('No or bad token') },
      },
    },
    '/push/subscriptions': {
      post: {
        summary: "Keep this device's push subscription for the caller",
        security: [{ bearer: [] }],
        requestBody: { content: { 'application/json': { schema: subscription } } },
        responses: {
          201: { description: '{id, endpoint}' },
          400: err('Unreadable JSON'),
          401: err('No or bad token'),
          409: err(
            'endpoint_taken: the endpoint is kept for another user and came with other keys (it moves to the caller only with the same keys)',
          ),
          422: err('Malformed keys, or an endpoint that is not an https push service'),
        },
      },
      delete: {
        summary: 'Forget a device',
        security: [{ bearer: [] }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['endpoint'],
                properties: { endpoint: { type: 'string' } },
              },
            },
          },
        },
        responses: {
          204: { description: 'Gone' },
          401: err('No or bad token'),
          404: err("No device of the caller's with this endpoint (another user's is left alone)"),
          422: err('No endpoint'),
        },
      },
    },
    '/me/notifications': {
      get: {
        summary:
          "The caller's notification choices, as /account/notifications shows them: the channels of each kind their organisation gets (the default where they chose nothing), quiet hours, and the channels they can be offered",
        security: [{ bearer: [] }],
        responses: {
          200: { description: '{kinds, quiet, available}' },
          401: err('No or bad token'),
        },
      },
      put: {
        summary:
          'Choose channels per kind (the kinds given get exactly these; the others keep theirs) and quiet hours (null: none; absent: unchanged). SMS needs a phone, push a device; choosing e-mail again lifts a one-click unsubscribe',
        security: [{ bearer: [] }],
        requestBody: { content: { 'application/json': { schema: choices } } },
        responses: {
          200: { description: '{kinds, quiet, available}, as saved' },
          400: err('Unreadable JSON'),
          401: err('No or bad token'),
          422: err(
            'A kind the caller does not get, an unknown channel, SMS without a phone, push without a device, a bad time (fields: kinds.<kind>, quiet.from, quiet.until)',
          ),
        },
      },
    },
    '/push/test': {
      post: {
        summary: "Send a test notification to each of the caller's devices",
        security: [{ bearer: [] }],
        responses: { 202: { description: '{devices}' }, 401: err('No or bad token') },
      },
    },
  },
};
