import { Hono } from 'hono';
import { NotificationsPage } from '../../views/notifications/page.js';
import type { SignedInEnv } from '../http/env.js';
import { BadRequestError, DomainError, ValidationError } from '../shared/errors.js';
import { errorBody, fieldsFromZod, statusOf } from '../http/errors.js';
import { viewCtx } from '../http/render.js';
import { t } from '../i18n/index.js';
import { queueTestNotification } from './outbox.js';
import {
  deleteSubscription,
  listSubscriptions,
  saveSubscription,
  subscriptionSchema,
  unsubscribeSchema,
} from './subscriptions.js';
import { vapidKeys } from './vapid.js';
import { idParam } from '../shared/ids.js';

/**
 * The page's own routes, signed in by the session cookie: the CSRF middleware checks the
 * x-csrf-token header (JSON from /static/notifications.js) or `_csrf` (forms), so /api/* keeps
 * accepting bearer tokens only.
 */
export const notificationRoutes = new Hono<SignedInEnv>();

notificationRoutes.get('/notifications', async (c) => {
  const { db, config } = c.get('deps');
  const user = c.get('actor').user;
  const [keys, devices] = await Promise.all([
    vapidKeys(db, config),
    listSubscriptions(db, user.id),
  ]);
  const test = c.req.query('test');
  return c.html(
    <NotificationsPage
      ctx={viewCtx(c)}
      publicKey={keys.publicKey}
      devices={devices}
      testSent={test != null && /^\d+$/.test(test) ? Number(test) : null}
      removed={c.req.query('removed') === '1'}
    />,
  );
});

/** JSON in, JSON out (for the page's script); errors in the API's shape, in the user's language. */
async function readJson(c: any, schema: typeof subscriptionSchema | typeof unsubscribeSchema) {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new BadRequestError('invalid_json', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(fieldsFromZod(parsed.error.issues));
  return parsed.data;
}

function jsonError(c: any, e: unknown) {
  if (!(e instanceof DomainError)) throw e;
  const body = errorBody(e);
  const lang = c.get('lang');
  body.error.message = t(lang, body.error.message);
  if (body.error.fields)
    body.error.fields = Object.fromEntries(
      Object.entries(body.error.fields).map(([k, v]) => [k, t(lang, v)]),
    );
  return c.json(body, statusOf(e));
}

notificationRoutes.post('/notifications/subscriptions', async (c) => {
  const { db, config } = c.get('deps');
  try {
    const input = (await readJson(
      c,
      subscriptionSchema,
    )) as import('./subscriptions.js').SubscriptionInput;
    const saved = await saveSubscription(db, c.get('actor').user.id, input, {
      allowInsecure: config.pushAllowInsecureEndpoints,
      userAgent: c.req.header('user-agent'),
    });
    return c.json({ id: saved.id, endpoint: saved.endpoint }, 201);
  } catch (e) {
    return jsonError(c, e);
  }
});

notificationRoutes.delete('/notifications/subscriptions', async (c) => {
  try {
    const input = await readJson(c, unsubscribeSchema);
    await deleteSubscription(c.get('deps').db, c.get('actor').user.id, {
      endpoint: input.endpoint,
    });
    return c.body(null, 204);
  } catch (e) {
    return jsonError(c, e);
  }
});

notificationRoutes.post('/notifications/devices/:id/delete', async (c) => {
  const id = idParam(c.req.param('id'));
  await deleteSubscription(c.get('deps').db, c.get('actor').user.id, { id }); // 404 when not theirs
  return c.redirect('/notifications?removed=1', 303);
});

notificationRoutes.post('/notifications/test', async (c) => {
  const { db, now, events } = c.get('deps');
  const n = await queueTestNotification(db, c.get('actor').user.id, now());
  if (n) await events?.publish({ type: 'push.queued', data: {} }).catch(() => undefined);
  return c.redirect(`/notifications?test=${n}`, 303);
});
