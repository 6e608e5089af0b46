import { Hono } from 'hono';
import { jsonBody } from '../http/api.js';
import type { SignedInEnv } from '../http/env.js';
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
