import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Lang } from '../../i18n/index.js';
import { render, type Params } from '../../mail/templates.js';
import type { MessageKind } from '../choices.js';
import { queueNotifications, type Message } from '../queue.js';

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
    // push: the template's subject as the title, its SMS text as the body; one per device and key
    const outbox = fresh.map((m): Message => ({
      userId: m.userId,
      mail: {
        template: m.template,
        key: m.key,
        params: m.params,
        links: m.links,
        purpose: kind,
        donationId: m.donationId ?? null,
      },
      push: {
        key: m.key,
        payload: () => {
          const words = render(m.template, m.lang, m.params, {});
          return {
            title: words.subject,
            body: words.sms.replace(/^Surplus Link ?: /, ''),
            url: m.pushUrl,
            donationId: null,
          };
        },
      },
    }));
    return { users: fresh.length, ...(await queueNotifications(trx, kind, outbox, now)) };
  });
}

/**
 * Records `key` as done for users who were looked at and had nothing to be told: a catch-up run
 * later that day skips them, as it skips those told.
 */
export async function recordNothingToTell(db: Db, key: string, userIds: number[], now: Date) {
  for (let i = 0; i < userIds.length; i += CHUNK)
    await db
      .insertInto('scheduled_sends')
      .values(userIds.slice(i, i + CHUNK).map((id) => ({ key, user_id: id, created_at: now })))
      .onConflict((oc) => oc.columns(['key', 'user_id']).doNothing())
      .execute();
}
