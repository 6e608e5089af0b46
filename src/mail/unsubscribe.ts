import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { sha256 } from '../accounts/tokens.js';
import { readSignedUnsubscribe } from './unsubscribe-links.js';

type Db = Kysely<Database>;

/**
 * The user and purpose of a link: a signed one (unsubscribe-links.ts, what mails carry now) of a
 * user who still exists, or one of the random tokens of older mails (a row each, purged after
 * 180 days).
 */
async function find(db: Db, token: string) {
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  const signed = await readSignedUnsubscribe(db, token);
  if (signed) {
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('id', '=', signed.user_id)
      .executeTakeFirst();
    return user ? { ...signed, token_hash: null } : null;
  }
  return (
    (await db
      .selectFrom('unsubscribe_tokens')
      .select(['user_id', 'purpose', 'token_hash'])
      .where('token_hash', '=', await sha256(token))
      .executeTakeFirst()) ?? null
  );
}

/** Whether the link is one of ours (the page shows its button, or says it does not work). */
export async function unsubscribeTokenExists(db: Db, token: string) {
  return !!(await find(db, token));
}

/** What the link would stop ('donation_updates', 'donation_alert'...), or null for no link of ours. */
export async function unsubscribePurpose(db: Db, token: string) {
  return (await find(db, token))?.purpose ?? null;
}

/**
 * The one-click unsubscribe (RFC 8058), without signing in: the link stands for one user and one
 * purpose (what kind of message it stops). Doing it twice changes nothing more.
 * Returns false for a token that is not one.
 */
export async function unsubscribe(db: Db, token: string, now: Date): Promise<boolean> {
  const row = await find(db, token);
  if (!row) return false;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('mail_opt_outs')
      .values({ user_id: row.user_id, purpose: row.purpose, created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'purpose']).doNothing())
      .execute();
    if (row.token_hash)
      await trx
        .updateTable('unsubscribe_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', row.token_hash)
        .where('used_at', 'is', null)
        .execute();
  });
  return true;
}
