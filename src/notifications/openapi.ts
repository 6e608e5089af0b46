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
    '/push/test': {
      post: {
        summary: "Send a test notification to each of the caller's devices",
        security: [{ bearer: [] }],
        responses: { 202: { description: '{devices}' }, 401: err('No or bad token') },
      },
    },
  },
};
