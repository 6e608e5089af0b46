import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { asLang } from '../notifications/payloads.js';
import { backoffMs, type DrainOptions } from '../notifications/sender.js';
import { attachmentOf } from './attachments.js';
import { WITHOUT_SECRETS, type StoredMessage } from './outbox.js';
import { render } from './templates.js';
import type { MailTransport, SendOutcome, SmsTransport } from './transport.js';

type Db = Kysely<Database>;

/** How e-mails and SMS leave: the transports configured, the sender, the site's address for links. */
export interface MessageTransports {
  mail: MailTransport;
  sms?: SmsTransport | null;
  from: string;
  /** PUBLIC_URL's origin; links in messages start with it */
  publicUrl: string;
}

/** Push's drain options (batch, lease, attempts, the crash hook, the log), and two more. */
export interface MessageDrainOptions extends DrainOptions {
  /** how long a reserved batch is kept from other instances before it is claimed (ms) */
  reserveMs?: number;
  /** messages in hand at once (claimed, then sent); the transport's by default */
  concurrency?: number;
}

interface Candidate {
  id: number;
  channel: 'email' | 'sms';
  user_id: number;
  address: string;
  payload: StoredMessage;
  attachment: string | null;
  attempts: number;
  lang: string;
  failing: boolean;
  opted_out: boolean;
  stale: boolean;
  unverified: boolean;
}

/**
 * Sends the e-mails and SMS that are due, from the same outbox as push and with its rules: at most
 * once per message and address, crash or not. A batch is reserved (still 'pending', with a short
 * lease, so that other instances take other rows), then messages are claimed ('sending', with a
 * lease) just before they leave, a few at a time, and recorded 'sent' once the server has accepted
 * them. Never more than the transport's concurrency are in hand (claimed and not yet recorded: for
 * SMTP 10, the 5 being transmitted and the 5 waiting for them), so a process that dies leaves at
 * most that many in doubt; those become 'unknown' when their lease runs out and are never resent
 * (see expireLeases; the admin page counts them), and what it had only reserved is sent by the
 * next process. Network errors and 4xx retried with back-off; a permanent refusal (SMTP 5xx, a
 * provider's invalid address or number) fails the row and marks the user's address failing, and
 * nothing more is sent to it. Returns how many messages went out.
 *
 * One statement both records what was accepted and claims what comes next, once half the hand is
 * free (or nothing is left in flight): about one statement for every five e-mails instead of two a
 * message, which on a shared core is what the sender spent beside nodemailer itself. An accepted
 * message waits at most RECORD_WITHIN_MS to be recorded (a slow send does not hold it), and none
 * waits once nothing is left to claim. On an error (the database, a reservation) nothing more is
 * claimed; what is out is waited for and what was accepted recorded, then the error is thrown: the
 * delivered mails do not become 'unknown', and the next drain does not start beside this one's.
 */
export async function drainMessages(
  db: Db,
  t: MessageTransports,
  now: () => Date,
  opts: MessageDrainOptions = {},
): Promise<number> {
  const batchSize = opts.batchSize ?? 20;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const reserveMs = opts.reserveMs ?? 15_000;
  const maxAttempts = opts.maxAttempts ?? 8;
  const hand = Math.max(1, opts.concurrency ?? t.mail.concurrency ?? 5);
  const group = Math.ceil(hand / 2);
  const queue: Candidate[] = []; // reserved, not claimed
  let drained = false;
  let inHand = 0; // claimed and not yet recorded (sending, accepted, or a refusal being written)
  let accepted: number[] = []; // accepted by the server, not yet recorded 'sent'
  let refusals = 0; // not accepted, being recorded on their own
  let overdue = false; // an accepted message has waited RECORD_WITHIN_MS
  let failure = null as { error: unknown } | null;
  let sent = 0;
  let changed: (() => void) | null = null;
  const tell = () => {
    changed?.();
    changed = null;
  };
  // until a send or a refusal ends (or, with accepted messages waiting, RECORD_WITHIN_MS)
  const change = () =>
    new Promise<void>((resolve) => {
      const timer = accepted.length
        ? setTimeout(() => {
            overdue = true;
            tell();
          }, RECORD_WITHIN_MS)
        : null;
      changed = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
    });
  const send = (c: Candidate) =>
    void sendOne(db, t, c).then(async (outcome) => {
      if (outcome.kind === 'sent') {
        accepted.push(c.id);
        sent++;
      } else {
        refusals++;
        try {
          await record(db, c, outcome, now(), maxAttempts);
        } catch (error) {
          failure ??= { error };
        } finally {
          refusals--;
          inHand--;
        }
      }
      tell();
    });
  try {
    for (;;) {
      if (failure) throw failure.error;
      const flying = inHand - accepted.length - refusals;
      const free = hand - inHand + accepted.length;
      if (!queue.length && !drained && free >= group) {
        const got = await reserve(db, t, now(), batchSize, reserveMs);
        if (got === null) drained = true;
        else queue.push(...got);
        continue;
      }
      const claimNow = queue.length > 0 && free > 0 && (free >= group || flying === 0);
      const recordNow =
        accepted.length > 0 && (flying === 0 || overdue || (drained && !queue.length));
      if (claimNow || recordNow) {
        overdue = false;
        const done = accepted;
        accepted = [];
        const next = claimNow ? queue.splice(0, free) : [];
        let mine: Set<number>;
        try {
          mine = await settle(db, done, next, now(), leaseMs);
        } catch (e) {
          accepted = done.concat(accepted); // not recorded: kept for the last try below
          throw e;
        }
        inHand -= done.length;
        const claimed = next.filter((c) => mine.has(c.id));
        if (claimed.length) opts.onClaimed?.(claimed.map((c) => c.id));
        inHand += claimed.length;
        claimed.forEach(send);
        continue;
      }
      if (inHand === 0 && drained && !queue.length) return sent;
      await change();
    }
  } catch (error) {
    while (inHand - accepted.length > 0) await change();
    if (accepted.length)
      await settle(db, accepted, [], now(), leaseMs).catch((e) =>
        opts.log?.('mail: accepted messages left unrecorded after an error', e),
      );
    throw error;
  }
}

/** How long an accepted message may wait for the statement that records it 'sent' (ms). */
const RECORD_WITHIN_MS = 100;

/**
 * The next due messages, reserved for this process; those that should not leave are skipped on
 * the way. Null when nothing is due; an empty list when all of a batch was skipped or taken.
 */
async function reserve(
  db: Db,
  t: MessageTransports,
  at: Date,
  batchSize: number,
  reserveMs: number,
): Promise<Candidate[] | null> {
  const candidates = (
    await sql<Candidate>`
      select pd.id, pd.channel, pd.user_id, pd.address, pd.payload, pd.attachment, pd.attempts, u.lang,
        (case when pd.channel = 'email' then u.email_failing_at is not null and lower(pd.address) = lower(u.email)
          else u.phone_failing_at is not null and pd.address = u.phone end) as failing,
        exists (select 1 from mail_opt_outs o where o.user_id = pd.user_id and o.purpose = pd.payload->>'purpose') as opted_out,
        -- an alert of a donation that is no longer offered tells nobody anything
        (pd.payload->>'purpose' = 'donation_alert' and d.id is not null
          and (d.status <> 'open' or d.pickup_until <= ${at})) as stale,
        -- an SMS to a number that is no longer the user's, or not verified (but its code)
        (pd.channel = 'sms' and (u.phone is distinct from pd.address
          or (u.phone_verified_at is null and pd.payload->>'template' <> 'phone_code'))) as unverified
      from push_deliveries pd join users u on u.id = pd.user_id
        left join donations d on d.id = pd.donation_id
      where pd.channel in ('email', 'sms') and pd.status = 'pending' and pd.next_attempt_at <= ${at}
        and (pd.lease_until is null or pd.lease_until <= ${at})
      order by pd.next_attempt_at, pd.id
      limit ${batchSize}`.execute(db)
  ).rows;
  if (!candidates.length) return null;
  // the address failed since (the user's own: a new address being confirmed is not theirs
  // yet), the user stopped these, the offer is over, the number changed or is not verified, or
  // no SMS transport: not sent
  const skip = candidates.filter(
    (c) => c.failing || c.opted_out || c.stale || c.unverified || (c.channel === 'sms' && !t.sms),
  );
  if (skip.length)
    await db
      .updateTable('push_deliveries')
      .set({ status: 'skipped', lease_until: null, payload: WITHOUT_SECRETS })
      .where(
        'id',
        'in',
        skip.map((c) => c.id),
      )
      .where('status', '=', 'pending')
      .execute();
  const ready = candidates.filter((c) => !skip.includes(c));
  if (!ready.length) return [];
  const reserved = await db
    .updateTable('push_deliveries')
    .set({ lease_until: new Date(at.getTime() + reserveMs) })
    .where(
      'id',
      'in',
      ready.map((c) => c.id),
    )
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
    .returning('id')
    .execute();
  const mine = new Set(reserved.map((r) => r.id));
  return ready.filter((c) => mine.has(c.id));
}

/**
 * In one statement: `done` recorded 'sent' ('unknown' too: a lease that ran out on a live but
 * slow process), and `next` from reserved to 'sending' just before they leave. Returns the ids
 * of `next` this process claimed (another may have taken some).
 */
async function settle(db: Db, done: number[], next: Candidate[], at: Date, leaseMs: number) {
  const recorded = {
    status: 'sent' as const,
    sent_at: at,
    lease_until: null,
    payload: WITHOUT_SECRETS,
  };
  if (!next.length) {
    if (done.length)
      await db
        .updateTable('push_deliveries')
        .set(recorded)
        .where('id', 'in', done)
        .where('status', 'in', ['sending', 'unknown'])
        .execute();
    return new Set<number>();
  }
  const claim = {
    status: 'sending' as const,
    lease_until: new Date(at.getTime() + leaseMs),
    attempts: sql<number>`attempts + 1`,
  };
  const ids = next.map((c) => c.id);
  const taken = done.length
    ? await db
        .with('done', (q) =>
          q
            .updateTable('push_deliveries')
            .set(recorded)
            .where('id', 'in', done)
            .where('status', 'in', ['sending', 'unknown']),
        )
        .updateTable('push_deliveries')
        .set(claim)
        .where('id', 'in', ids)
        .where('status', '=', 'pending')
        .returning('id')
        .execute()
    : await db
        .updateTable('push_deliveries')
        .set(claim)
        .where('id', 'in', ids)
        .where('status', '=', 'pending')
        .returning('id')
        .execute();
  return new Set(taken.map((r) => r.id));
}

async function sendOne(db: Db, t: MessageTransports, c: Candidate): Promise<SendOutcome> {
  try {
    const links = Object.fromEntries(
      Object.entries(c.payload.links ?? {}).map(([k, path]) => [
        k,
        new URL(path, t.publicUrl).toString(),
      ]),
    );
    const m = render(
      c.payload.template,
      asLang(c.lang),
      { ...c.payload.params, ...c.payload.secrets },
      links,
      links.unsubscribe,
    );
    if (c.channel === 'sms') return await t.sms!.send({ to: c.address, text: m.sms });
    const headers: Record<string, string> = {};
    if (links.unsubscribe) {
      headers['List-Unsubscribe'] = `<${links.unsubscribe}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    const attachments = await attachmentOf(db, c.attachment, asLang(c.lang));
    return await t.mail.send({
      to: c.address,
      from: t.from,
      subject: m.subject,
      text: m.text,
      html: m.html,
      headers,
      ...(attachments.length ? { attachments } : {}),
    });
  } catch (e) {
    return { kind: 'retry', error: String((e as Error).message ?? e).slice(0, 200) };
  }
}

/** A message not accepted: retried later with back-off, or failed for good. */
async function record(
  db: Db,
  c: Candidate,
  o: Exclude<SendOutcome, { kind: 'sent' }>,
  at: Date,
  maxAttempts: number,
) {
  // 'unknown' too: a lease that ran out on a live but slow process
  const final = o.kind === 'permanent' || c.attempts + 1 >= maxAttempts;
  await db
    .updateTable('push_deliveries')
    .set(
      final
        ? {
            status: 'failed',
            last_error: o.error,
            lease_until: null,
            payload: WITHOUT_SECRETS,
          }
        : {
            status: 'pending',
            last_error: o.error,
            lease_until: null,
            next_attempt_at: new Date(
              at.getTime() +
                backoffMs(c.attempts + 1, o.kind === 'retry' ? o.retryAfterS : undefined),
            ),
          },
    )
    .where('id', '=', c.id)
    .where('status', 'in', ['sending', 'unknown'])
    .execute();
  if (o.kind === 'permanent') await markFailing(db, c, at);
}

/** The address refused for good: marked on the user (while it is still theirs), and used no more. */
async function markFailing(db: Db, c: Candidate, at: Date) {
  if (c.channel === 'email')
    await db
      .updateTable('users')
      .set({ email_failing_at: at })
      .where('id', '=', c.user_id)
      .where('email', '=', c.address)
      .where('email_failing_at', 'is', null)
      .execute();
  else
    await db
      .updateTable('users')
      .set({ phone_failing_at: at })
      .where('id', '=', c.user_id)
      .where('phone', '=', c.address)
      .where('phone_failing_at', 'is', null)
      .execute();
  // what else waits for that address goes nowhere
  await db
    .updateTable('push_deliveries')
    .set({ status: 'skipped', last_error: 'address failing', payload: WITHOUT_SECRETS })
    .where('channel', '=', c.channel)
    .where('address', '=', c.address)
    .where('user_id', '=', c.user_id)
    .where('status', '=', 'pending')
    .execute();
}
