import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Lang } from '../../i18n/index.js';
import { queueMessages, type NewMessage } from '../../mail/outbox.js';
import { render, type Params } from '../../mail/templates.js';
import { channelsFor, type MessageKind } from '../choices.js';

type Db = Kysely<Database>;
const CHUNK = 2000;

/** One scheduled message to one user, in their language; `key` is unique per user. */
export interface ScheduledMessage {
  userId: number;
  lang: Lang;
  key: string;
  template: string;
  params: Params;
  /** paths of this site, made absolute from PUBLIC_URL when the e-mail or SMS is sent */
  links: Record<string, string>;
  /** the page a push opens */
  pushUrl: string;
  donationId?: number | null;
}

export interface Queued {
  users: number;
  email: number;
  sms: number;
  push: number;
}

/**
 * Writes scheduled messages once: in one transaction, each (key, user) is recorded in
 * scheduled_sends, and only those recorded now are written to the outbox, on the channels the
 * user has for `kind` at `now` (their choice or the default, quiet hours dropping push and SMS).
 * A rerun, or a second instance at the same moment (its insert waits for this commit, then finds
 * the rows), writes nothing. Every kind here is non-essential: e-mails carry a one-click
 * unsubscribe for `kind`.
 */
export async function sendScheduled(
  db: Db,
  kind: MessageKind,
  messages: ScheduledMessage[],
  now: Date,
): Promise<Queued> {
  const out: Queued = { users: 0, email: 0, sms: 0, push: 0 };
  if (!messages.length) return out;
  return db.transaction().execute(async (trx) => {
    const fresh: ScheduledMessage[] = [];
    for (let i = 0; i < messages.length; i += CHUNK) {
      const part = messages.slice(i, i + CHUNK);
      const won = await trx
        .insertInto('scheduled_sends')
        .values(part.map((m) => ({ key: m.key, user_id: m.userId, created_at: now })))
        .onConflict((oc) => oc.columns(['key', 'user_id']).doNothing())
        .returning(['key', 'user_id'])
        .execute();
      const mine = new Set(won.map((w) => `${w.user_id}|${w.key}`));
      fresh.push(...part.filter((m) => mine.has(`${m.userId}|${m.key}`)));
    }
    out.users = fresh.length;
    if (!fresh.length) return out;
    const channels = await channelsFor(
      trx,
      fresh.map((m) => m.userId),
      kind,
      now,
    );
    const on = (c: 'email' | 'sms' | 'push') =>
      fresh.filter((m) => channels.get(m.userId)?.includes(c));
    const outbox = (m: ScheduledMessage): NewMessage => ({
      userId: m.userId,
      template: m.template,
      key: m.key,
      params: m.params,
      links: m.links,
      purpose: kind,
      donationId: m.donationId ?? null,
    });
    out.email = await queueMessages(trx, 'email', on('email').map(outbox), now);
    out.sms = await queueMessages(trx, 'sms', on('sms').map(outbox), now);
    out.push = await queuePush(trx, on('push'), now);
    return out;
  });
}

/**
 * One push row per device of each user, its words the template's (the subject as the title, the
 * SMS text as the body), unique per device and key. No donation on the row: the sender skips
 * rows of donations no longer open, and these are about claimed ones.
 */
async function queuePush(trx: Db, messages: ScheduledMessage[], now: Date): Promise<number> {
  if (!messages.length) return 0;
  const devices = await trx
    .selectFrom('push_subscriptions')
    .select(['id', 'user_id'])
    .where('user_id', 'in', [...new Set(messages.map((m) => m.userId))])
    .orderBy('id')
    .execute();
  const byUser = new Map<number, number[]>();
  for (const d of devices) byUser.set(d.user_id, [...(byUser.get(d.user_id) ?? []), d.id]);
  const rows = [];
  for (const m of messages) {
    const ids = byUser.get(m.userId);
    if (!ids) continue;
    const words = render(m.template, m.lang, m.params, {});
    const payload = JSON.stringify({
      title: words.subject,
      body: words.sms.replace(/^Surplus Link ?: /, ''),
      url: m.pushUrl,
      donationId: null,
    });
    for (const id of ids)
      rows.push({
        channel: 'push' as const,
        subscription_id: id,
        user_id: m.userId,
        address: `device:${id}`,
        message_key: m.key,
        donation_id: null,
        payload,
        next_attempt_at: now,
      });
  }
  let queued = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const r = await trx
      .insertInto('push_deliveries')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc
          .columns(['channel', 'address', 'message_key'])
          .where('message_key', 'is not', null)
          .doNothing(),
      )
      .returning('id')
      .execute();
    queued += r.length;
  }
  return queued;
}
