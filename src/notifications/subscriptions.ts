import type { Kysely } from 'kysely';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { hasControlChar } from '../shared/input.js';

/** Push services of the browsers people use; any other host could make us POST where it likes. */
export const PUSH_SERVICE_HOSTS = [
  'fcm.googleapis.com', // Chrome, Edge on Android, Samsung Internet, Opera, Brave
  'android.googleapis.com',
  'push.services.mozilla.com', // Firefox: updates.push.services.mozilla.com
  'notify.windows.com', // Edge on Windows: *.notify.windows.com
  'push.apple.com', // Safari: web.push.apple.com
];

const base64url = /^[A-Za-z0-9_-]+={0,2}$/;

function decodedLength(s: string) {
  return Buffer.from(s.replace(/=+$/, ''), 'base64url').length;
}

function isPrivateAddress(host: string) {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h.endsWith('.local') ||
    h.endsWith('.internal') ||
    (!h.includes('.') && !isIP(h))
  )
    return true;
  const v = isIP(h);
  if (v === 4) {
    const [a, b] = h.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  if (v === 6)
    return (
      h === '::' ||
      h === '::1' ||
      h.startsWith('fc') ||
      h.startsWith('fd') ||
      h.startsWith('fe80') ||
      h.startsWith('::ffff:')
    );
  return false;
}

/** Why an endpoint is refused, as a message key; null when it is fine. */
export function endpointProblem(endpoint: string, allowInsecure: boolean): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'push.err.endpoint';
  }
  if (url.username || url.password) return 'push.err.endpoint';
  if (allowInsecure)
    return url.protocol === 'https:' || url.protocol === 'http:' ? null : 'push.err.endpoint';
  if (url.protocol !== 'https:' || (url.port && url.port !== '443')) return 'push.err.endpoint';
  if (isPrivateAddress(url.hostname)) return 'push.err.endpoint_private';
  const host = url.hostname.toLowerCase();
  if (!PUSH_SERVICE_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)))
    return 'push.err.endpoint';
  return null;
}

const key = z
  .string({ error: 'push.err.key' })
  .trim()
  .max(200, 'push.err.key')
  .regex(base64url, 'push.err.key');

/** A push endpoint as the browser gives it (registering and unregistering alike). */
const endpointField = z
  .string({ error: 'push.err.endpoint' })
  .trim()
  .min(1, 'push.err.endpoint')
  .max(2048, 'push.err.endpoint')
  .refine((s) => !hasControlChar(s), 'push.err.endpoint');

/** The browser's PushSubscription.toJSON(). */
export const subscriptionSchema = z.object({
  endpoint: endpointField,
  expirationTime: z.number().nullable().optional(),
  keys: z.object(
    {
      p256dh: key.refine((s) => {
        const b = Buffer.from(s.replace(/=+$/, ''), 'base64url');
        return b.length === 65 && b[0] === 4;
      }, 'push.err.p256dh_length'),
      auth: key.refine((s) => decodedLength(s) === 16, 'push.err.auth_length'),
    },
    { error: 'push.err.key' },
  ),
});
export type SubscriptionInput = z.infer<typeof subscriptionSchema>;

export const unsubscribeSchema = z.object({
  endpoint: endpointField,
});

/** The endpoint is another user's subscription, and the caller did not show it holds it. */
export class EndpointTakenError extends ConflictError {
  constructor() {
    super('endpoint_taken', 'push.err.endpoint_taken', {
      endpoint: 'push.err.endpoint_taken',
    });
  }
}

/**
 * Keeps this device for the user. An endpoint already kept for another user moves to this one
 * only when the same keys come with it: a second person signing in on the same browser gets
 * the browser's one subscription, keys and all (PushManager.subscribe hands back the same), and
 * should be told on it from then on. The endpoint alone is no proof: it is a URL that passes
 * through push services, logs and our own answers, while `auth` is a secret only the browser
 * (and we) hold, without which nobody can read what is sent there anyway. Anyone else: 409
 * endpoint_taken, and the owner keeps the device. One statement, so two callers cannot race it.
 */
export async function saveSubscription(
  db: Kysely<Database>,
  userId: number,
  input: SubscriptionInput,
  opts: { allowInsecure: boolean; userAgent?: string | null },
) {
  const problem = endpointProblem(input.endpoint, opts.allowInsecure);
  if (problem) throw new ValidationError({ endpoint: problem });
  const saved = await db
    .insertInto('push_subscriptions')
    .values({
      user_id: userId,
      endpoint: input.endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      user_agent: opts.userAgent?.slice(0, 300) ?? null,
    })
    .onConflict((oc) =>
      oc
        .column('endpoint')
        .doUpdateSet((eb) => ({
          user_id: eb.ref('excluded.user_id'),
          p256dh: eb.ref('excluded.p256dh'),
          auth: eb.ref('excluded.auth'),
          user_agent: eb.ref('excluded.user_agent'),
        }))
        .where((eb) =>
          eb.or([
            eb('push_subscriptions.user_id', '=', eb.ref('excluded.user_id')),
            eb.and([
              eb('push_subscriptions.auth', '=', eb.ref('excluded.auth')),
              eb('push_subscriptions.p256dh', '=', eb.ref('excluded.p256dh')),
            ]),
          ]),
        ),
    )
    .returning(['id', 'endpoint', 'created_at'])
    .executeTakeFirst();
  if (!saved) throw new EndpointTakenError();
  return saved;
}

/**
 * Forget a device of this user. Someone else's endpoint is never touched: the caller is told it
 * is not found (404), as for one that is not there at all, so this says nothing of others' devices.
 */
export async function deleteSubscription(
  db: Kysely<Database>,
  userId: number,
  where: { endpoint: string } | { id: number },
) {
  let q = db.deleteFrom('push_subscriptions').where('user_id', '=', userId);
  q = 'endpoint' in where ? q.where('endpoint', '=', where.endpoint) : q.where('id', '=', where.id);
  const r = await q.executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new NotFoundError('err.not_found');
}

export function listSubscriptions(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('push_subscriptions')
    .select(['id', 'endpoint', 'user_agent', 'created_at', 'last_success_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}
