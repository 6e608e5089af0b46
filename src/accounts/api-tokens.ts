import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { NotFoundError } from '../shared/errors.js';
import { idParam } from '../http/ids.js';

/** How long an API token works after it is made; then the system asks for a new one. */
export const API_TOKEN_DAYS = 90;

export function apiTokenExpiry(now: Date) {
  return new Date(now.getTime() + API_TOKEN_DAYS * 86_400_000);
}

/** A token id from a path: an int4 (the one id parser), or no token at all. */
export function tokenId(s: string) {
  return idParam(s, 'No such token.');
}

/** The user's own tokens that still work, newest first. */
export async function listApiTokens(db: Kysely<Database>, userId: number, now: Date) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'created_at', 'expires_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * Revoke one of the user's own tokens; someone else's, or one that does not exist, is not found.
 * Returns its hash, so the caller can drop it from the actor cache.
 */
export async function revokeApiToken(db: Kysely<Database>, userId: number, id: number) {
  const gone = await db
    .deleteFrom('api_tokens')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('token_hash')
    .executeTakeFirst();
  if (!gone) throw new NotFoundError('No such token.');
  return gone.token_hash;
}

export function apiTokenToApi(t: {
  id: number;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
}) {
  return {
    id: t.id,
    createdAt: t.created_at.toISOString(),
    expiresAt: t.expires_at.toISOString(),
    lastUsedAt: t.last_used_at?.toISOString() ?? null,
  };
}
