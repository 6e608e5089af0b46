import { Hono } from 'hono';
import { jsonBody } from '../http/api.js';
import type { SignedInEnv } from '../http/env.js';
import { openApiDocument } from '../openapi.js';
import { queueTestNotification } from './outbox.js';
import {
  deleteSubscription,
  saveSubscription,
  subscriptionSchema,
  unsubscribeSchema,
} from './subscriptions.js';
import { vapidKeys } from './vapid.js';

/** /api/v1/push: mounted after requireUser (bearer token). */
export const pushApi = new Hono<SignedInEnv>();

pushApi.get('/push/public-key', async (c) => {
  const { db, config } = c.get('deps');
  return c.json({ publicKey: (await vapidKeys(db, config)).publicKey });
});

pushApi.post('/push/subscriptions', async (c) => {
  const { db, config } = c.get('deps');
  const input = await jsonBody(c, subscriptionSchema);
  const saved = await saveSubscription(db, c.get('actor').user.id, input, {
    allowInsecure: config.pushAllowInsecureEndpoints,
    userAgent: c.req.header('user-agent'),
  });
  return c.json({ id: saved.id, endpoint: saved.endpoint }, 201);
});

pushApi.delete('/push/subscriptions', async (c) => {
  const input = await jsonBody(c, unsubscribeSchema);
  await deleteSubscription(c.get('deps').db, c.get('actor').user.id, { endpoint: input.endpoint });
  return c.body(null, 204);
});

pushApi.post('/push/test', async (c) => {
  const { db, now, events } = c.get('deps');
  const devices = await queueTestNotification(db, c.get('actor').user.id, now());
  if (devices) await events?.publish({ type: 'push.queued', data: {} }).catch(() => undefined);
  return c.json({ devices }, 202);
});

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
const err = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
Object.assign(openApiDocument.paths, {
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
});
