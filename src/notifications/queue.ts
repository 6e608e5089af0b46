import type { Kysely } from 'kysely';
import type { Database, PushPayload } from '../db/schema.js';
import { queueMessages as queueMail, type NewMessage } from '../mail/outbox.js';
import {
  channelFacts,
  channelsOf,
  CHANNELS,
  type Channel,
  type ChannelFacts,
  type MessageKind,
} from './choices.js';

type Db = Kysely<Database>;
// a push row has 8 columns: well under the 65,535 parameters of one statement
const CHUNK = 1_000;

/**
 * One message to one user, worded for each channel it may go by. A channel left out is not used
 * for this message, whatever the user chose.
 */
export interface Message {
  userId: number;
  /** by e-mail or SMS: the mail outbox's message (its key makes it unique per address) */
  mail?: Omit<NewMessage, 'userId'>;
  /** by push: one row per device of the user */
  push?: {
    /** the words on the phone; a function when they are only worth building for push */
    payload: PushPayload | (() => PushPayload);
    /** one row per device and key: written twice, it is there once (the row then names the user) */
    key?: string;
    /**
     * the open donation it offers: one row per device and donation, and the sender drops it once
     * the donation is taken, cancelled or over
     */
    donationId?: number;
  };
}

export interface QueuedCount {
  push: number;
  email: number;
  sms: number;
}

/**
 * The one way to queue messages: writes the outbox rows of every channel (mail/outbox.ts for
 * e-mail and SMS, push_deliveries rows per device), in the caller's transaction, so that they
 * commit with what causes them, and in chunks whatever their number. Each user gets the channels
 * they have for `kind` at `now` (channelsFor: their choice or the default, quiet hours dropping
 * push and SMS). `kind: null` is a message the user asked for or must get (a test notification):
 * every channel given, no choice asked. `facts`: the users' ChannelFacts for `kind` when the caller
 * read them already (alerts.ts, with the members it tells): then neither their channels nor
 * their devices cost a statement. Returns how many rows each channel got.
 */
export async function queueNotifications(
  db: Db,
  kind: MessageKind | null,
  messages: readonly Message[],
  now: Date,
  facts?: ReadonlyMap<number, ChannelFacts>,
): Promise<QueuedCount> {
  const out: QueuedCount = { push: 0, email: 0, sms: 0 };
  if (!messages.length) return out;
  const known =
    kind && !facts
      ? await channelFacts(
          db,
          messages.map((m) => m.userId),
          kind,
        )
      : facts;
  const channels: Map<number, readonly Channel[]> =
    kind && known
      ? channelsOf(
          messages.flatMap((m) => known.get(m.userId) ?? []),
          kind,
          now,
        )
      : new Map(messages.map((m) => [m.userId, CHANNELS]));
  const on = (c: Channel) => messages.filter((m) => channels.get(m.userId)?.includes(c));
  const mail = (m: Message): NewMessage[] => (m.mail ? [{ ...m.mail, userId: m.userId }] : []);
  out.email = await queueMail(db, 'email', on('email').flatMap(mail), now);
  out.sms = await queueMail(db, 'sms', on('sms').flatMap(mail), now);
  out.push = await queuePush(
    db,
    on('push').filter((m) => m.push),
    now,
    known,
  );
  return out;
}

async function queuePush(
  db: Db,
  messages: Message[],
  now: Date,
  facts?: ReadonlyMap<number, ChannelFacts>,
): Promise<number> {
  if (!messages.length) return 0;
  const users = [...new Set(messages.map((m) => m.userId))];
  const devices = facts
    ? users
        .flatMap((u) => (facts.get(u)?.devices ?? []).map((id) => ({ id, user_id: u })))
        .sort((a, b) => a.id - b.id)
    : await db
        .selectFrom('push_subscriptions')
        .select(['id', 'user_id'])
        .where('user_id', 'in', users)
        .orderBy('id')
        .execute();
  const byUser = new Map<number, Message[]>();
  for (const m of messages) byUser.set(m.userId, [...(byUser.get(m.userId) ?? []), m]);
  const words = new Map<Message, string>();
  const rows = [];
  // in the order of the devices, as the sender drains them
  for (const d of devices)
    for (const m of byUser.get(d.user_id)!) {
      const { payload, key, donationId } = m.push!;
      let text = words.get(m);
      if (text === undefined)
        words.set(m, (text = JSON.stringify(typeof payload === 'function' ? payload() : payload)));
      rows.push({
        subscription_id: d.id,
        donation_id: donationId ?? null,
        ...(key ? { user_id: m.userId, address: `device:${d.id}`, message_key: key } : {}),
        payload: text,
        next_attempt_at: now,
      });
    }
  let queued = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    // one per device and donation, or per device and key (the two partial unique indexes)
    queued += (
      await db
        .insertInto('push_deliveries')
        .values(part)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .execute()
    ).length;
  }
  return queued;
}
