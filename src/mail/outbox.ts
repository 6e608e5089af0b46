import { sql, type Kysely } from 'kysely';
import type { Database, MessagePayload } from '../db/schema.js';
import { randomToken, sha256 } from '../accounts/tokens.js';

type Db = Kysely<Database>;

/**
 * A message to write to the outbox, in the transaction of what causes it. `key` makes it unique
 * per address (`claim:<donation id>`, `reset:<token hash>`): written twice, it is there once.
 * `links`: paths of this site (secret ones too: they are dropped from the row once it is sent).
 * `purpose`: a non-essential message, which the recipient can stop in one click (RFC 8058).
 */
export interface NewMessage {
  userId: number;
  template: string;
  key: string;
  params: Record<string, string | number>;
  links?: Record<string, string>;
  purpose?: string;
  donationId?: number | null;
}

export interface StoredMessage extends MessagePayload {
  links?: Record<string, string>;
  purpose?: string;
}

/**
 * An e-mail to the user's address of now. Nothing is written for an address marked failing, or a
 * non-essential message the user stopped. Returns whether a row was written.
 */
export async function queueEmail(db: Db, m: NewMessage, now: Date): Promise<boolean> {
  return queue(db, 'email', m, now);
}

/** The same by SMS, to the user's phone (E.164), when they have one that is not failing. */
export async function queueSms(db: Db, m: NewMessage, now: Date): Promise<boolean> {
  return queue(db, 'sms', m, now);
}

async function queue(db: Db, channel: 'email' | 'sms', m: NewMessage, now: Date) {
  const user = await db
    .selectFrom('users as u')
    .select(['u.email', 'u.phone', 'u.email_failing_at', 'u.phone_failing_at'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('mail_opt_outs as o')
            .select('o.user_id')
            .whereRef('o.user_id', '=', 'u.id')
            .where('o.purpose', '=', m.purpose ?? ''),
        )
        .as('opted_out'),
    )
    .where('u.id', '=', m.userId)
    .executeTakeFirst();
  if (!user) return false;
  const address = channel === 'email' ? user.email : user.phone;
  const failing = channel === 'email' ? user.email_failing_at : user.phone_failing_at;
  if (!address || failing || (m.purpose && user.opted_out)) return false;
  const links = { ...m.links };
  if (m.purpose) {
    const token = randomToken();
    await db
      .insertInto('unsubscribe_tokens')
      .values({
        token_hash: await sha256(token),
        user_id: m.userId,
        purpose: m.purpose,
        created_at: now,
      })
      .execute();
    links.unsubscribe = `/unsubscribe/${token}`;
  }
  const payload: StoredMessage = {
    template: m.template,
    params: m.params,
    links,
    ...(m.purpose ? { purpose: m.purpose } : {}),
  };
  const row = await db
    .insertInto('push_deliveries')
    .values({
      channel,
      user_id: m.userId,
      address,
      message_key: m.key,
      donation_id: m.donationId ?? null,
      payload: JSON.stringify(payload),
      next_attempt_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['channel', 'address', 'message_key'])
        .where('message_key', 'is not', null)
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** How many e-mails and SMS wait, and how many addresses are failing (the admin page). */
export async function mailBacklog(db: Db) {
  const r = await sql<{ pending: string; failing: string }>`
    select (select count(*) from push_deliveries where channel <> 'push' and status = 'pending') as pending,
      (select count(*) from users where email_failing_at is not null or phone_failing_at is not null) as failing`.execute(
    db,
  );
  return { pending: Number(r.rows[0].pending), failing: Number(r.rows[0].failing) };
}
