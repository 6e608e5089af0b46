import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { loadOrCreate } from '../notifications/vapid.js';

type Db = Kysely<Database>;

/**
 * Unsubscribe links with no database row per message: `u<user id>-<purpose>-<MAC>`, the MAC an
 * HMAC-SHA256 of the user and the purpose, keyed from the VAPID private key kept in the database
 * (an existing secret, made once). A link cannot be forged or altered (another user or purpose)
 * without that key; replacing the stored pair revokes every link at once (devices then subscribe
 * again for push where those keys are push's).
 */
const SHAPE = /^u(\d{1,12})-([a-z_]{1,40})-([\w-]{43})$/;

async function keyOf(db: Db) {
  const { privateKey } = await loadOrCreate(db, '');
  // a key of its own, derived: the VAPID key itself signs nothing but push
  return createHmac('sha256', privateKey).update('surplus-link unsubscribe v1').digest();
}

const macOf = (key: Buffer, userId: number, purpose: string) =>
  createHmac('sha256', key).update(`${userId}|${purpose}`).digest('base64url');

/** The signer of one queueing: the key is read once for all its messages. */
export async function unsubscribeSigner(db: Db) {
  const key = await keyOf(db);
  return (userId: number, purpose: string) =>
    `/unsubscribe/u${userId}-${purpose}-${macOf(key, userId, purpose)}`;
}

/** The user and purpose a link stands for, or null when it is not one signed with the key of now. */
export async function readSignedUnsubscribe(db: Db, token: string) {
  const m = SHAPE.exec(token);
  if (!m) return null;
  const userId = Number(m[1]);
  const purpose = m[2];
  const want = Buffer.from(macOf(await keyOf(db), userId, purpose));
  const got = Buffer.from(m[3]);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  return { user_id: userId, purpose };
}
