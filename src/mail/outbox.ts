import { sql, type Kysely } from 'kysely';
import type { Database, MessagePayload } from '../db/schema.js';
import { unsubscribeSigner } from './unsubscribe-links.js';

type Db = Kysely<Database>;
const CHUNK = 1_000;

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
  /** words for the template that are secrets (a code): dropped from the row once it is sent */
  secrets?: Record<string, string>;
  purpose?: string;
  donationId?: number | null;
  /** an address that is not (yet) the user's: the new one a change of e-mail confirms */
  to?: string;
  /** e-mail: a file built when it is sent and carried with it (`receipt_pdf:<id>`, attachments.ts) */
  attachment?: string;
}

export interface StoredMessage extends MessagePayload {
  links?: Record<string, string>;
  secrets?: Record<string, string>;
  purpose?: string;
}

/** What a row of the outbox keeps once sent, skipped or failed: no link, no secret. */
export const WITHOUT_SECRETS = sql<string>`payload - 'links' - 'secrets'`;

/**
 * An e-mail to the user's address of now. Nothing is written for an address marked failing, or a
 * non-essential message the user stopped. Returns whether a row was written.
 */
export async function queueEmail(db: Db, m: NewMessage, now: Date): Promise<boolean> {
  return (await queueMessages(db, 'email', [m], now)) === 1;
}

/**
 * The same by SMS, to the user's phone (E.164), when they have one that is verified and not
 * failing (or to `to`: the number a code proves).
 */
export async function queueSms(db: Db, m: NewMessage, now: Date): Promise<boolean> {
  return (await queueMessages(db, 'sms', [m], now)) === 1;
}

/**
 * Several messages on one channel in a few statements whatever their number (the users and their
 * opt-outs, the signing key of unsubscribe links, the outbox rows), with queueEmail's rules for
 * each. Returns
 * how many rows were written.
 */
export async function queueMessages(
  db: Db,
  channel: 'email' | 'sms',
  messages: NewMessage[],
  now: Date,
): Promise<number> {
  if (!messages.length) return 0;
  const ids = [...new Set(messages.map((m) => m.userId))];
  const users = await db
    .selectFrom('users as u')
    .leftJoin('mail_opt_outs as o', 'o.user_id', 'u.id')
    .select([
      'u.id',
      'u.email',
      'u.phone',
      'u.email_failing_at',
      'u.phone_failing_at',
      'u.phone_verified_at',
      'o.purpose',
    ])
    .where('u.id', 'in', ids)
    .execute();
  const byId = new Map<number, { address: string | null; stopped: Set<string> }>();
  for (const u of users) {
    const failing = channel === 'email' ? u.email_failing_at : u.phone_failing_at;
    const seen = byId.get(u.id) ?? {
      // SMS only to a number its owner proved (phone-verification.ts)
      address: failing
        ? null
        : channel === 'email'
          ? u.email
          : u.phone_verified_at
            ? u.phone
            : null,
      stopped: new Set<string>(),
    };
    if (u.purpose) seen.stopped.add(u.purpose);
    byId.set(u.id, seen);
  }
  // unsubscribe links are signed, not stored: no row per message (unsubscribe-links.ts)
  const sign = messages.some((m) => m.purpose) ? await unsubscribeSigner(db) : null;
  const rows = [];
  for (const m of messages) {
    const user = byId.get(m.userId);
    const address = m.to ?? user?.address;
    if (!user || !address || (m.purpose && user.stopped.has(m.purpose))) continue;
    const links = { ...m.links };
    if (m.purpose && sign) links.unsubscribe = sign(m.userId, m.purpose);
    const payload: StoredMessage = {
      template: m.template,
      params: m.params,
      links,
      ...(m.secrets ? { secrets: m.secrets } : {}),
      ...(m.purpose ? { purpose: m.purpose } : {}),
    };
    rows.push({
      channel,
      user_id: m.userId,
      address,
      message_key: m.key,
      donation_id: m.donationId ?? null,
      attachment: channel === 'email' ? (m.attachment ?? null) : null,
      payload: JSON.stringify(payload),
      next_attempt_at: now,
    });
  }
  if (!rows.length) return 0;
  // in chunks: one statement holds at most 65,535 parameters (8 a row here)
  let written = 0;
  for (let i = 0; i < rows.length; i += CHUNK)
    written += (
      await db
        .insertInto('push_deliveries')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc
            .columns(['channel', 'address', 'message_key'])
            .where('message_key', 'is not', null)
            .doNothing(),
        )
        .returning('id')
        .execute()
    ).length;
  return written;
}

/**
 * How many e-mails and SMS wait, how many addresses are failing, and how many messages are in
 * doubt (being sent when their process stopped, never resent: see drainMessages) (the admin page).
 */
export async function mailBacklog(db: Db, now: Date) {
  const r = await sql<{ pending: string; failing: string; in_doubt: string }>`
    select (select count(*) from push_deliveries where channel <> 'push' and status = 'pending') as pending,
      (select count(*) from users where email_failing_at is not null or phone_failing_at is not null) as failing,
      (select count(*) from push_deliveries where channel <> 'push' and (status = 'unknown'
        or (status = 'sending' and lease_until < ${now}))) as in_doubt`.execute(db);
  return {
    pending: Number(r.rows[0].pending),
    failing: Number(r.rows[0].failing),
    inDoubt: Number(r.rows[0].in_doubt),
  };
}
