import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { asLang } from '../notifications/payloads.js';
import { backoffMs, type DrainOptions } from '../notifications/sender.js';
import { attachmentOf } from './attachments.js';
import { WITHOUT_SECRETS, type StoredMessage } from './outbox.js';
import { render } from './templates.js';
import { Batcher } from '../shared/batcher.js';
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
 * lease, so that other instances take other rows), then each message is claimed on its own
 * ('sending', with a lease) just before it leaves and recorded 'sent' as soon as the server has
 * accepted it: a process that dies leaves in doubt only the messages it had claimed (at most the
 * transport's concurrency: 10 for SMTP, the 5 being transmitted and the 5 waiting for them);
 * those become 'unknown' when their lease runs out and are never resent (see expireLeases; the
 * admin page counts them), and what it had only reserved is sent by the next process. Network errors and 4xx retried with back-off; a permanent refusal (SMTP 5xx, a
 * provider's invalid address or number) fails the row and marks the user's address failing, and
 * nothing more is sent to it. Returns how many messages went out.
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
  const concurrency = Math.max(1, opts.concurrency ?? t.mail.concurrency ?? 5);
  const queue: Candidate[] = [];
  let drained = false;
  let refilling: Promise<void> | null = null;
  const refill = () =>
    (refilling ??= (async () => {
      while (!queue.length && !drained) {
        const got = await reserve(db, t, now(), batchSize, reserveMs);
        if (got === null) drained = true;
        else queue.push(...got);
      }
    })().finally(() => (refilling = null)));
  let sent = 0;
  // the workers' claims and acceptances of the same moment go in one statement each
  const claims = new Batcher((ids: number[]) => claim(db, ids, now(), leaseMs));
  const accepted = new Batcher((ids: number[]) => recordSent(db, ids, now()));
  const worker = async () => {
    for (;;) {
      if (!queue.length) await refill();
      const c = queue.shift();
      if (!c) return;
      if (!(await claims.add(c.id))) continue;
      opts.onClaimed?.([c.id]);
      const outcome = await sendOne(db, t, c);
      if (outcome.kind !== 'sent') await record(db, c, outcome, now(), maxAttempts);
      else {
        await accepted.add(c.id);
        sent++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sent;
}

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
 * Messages, from reserved to 'sending', just before each leaves (those the workers take at the
 * same moment in one statement): for each, false if another took it.
 */
async function claim(db: Db, ids: number[], at: Date, leaseMs: number) {
  const taken = await db
    .updateTable('push_deliveries')
    .set({
      status: 'sending',
      lease_until: new Date(at.getTime() + leaseMs),
      attempts: sql`attempts + 1`,
    })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .returning('id')
    .execute();
  const mine = new Set(taken.map((r) => r.id));
  return ids.map((id) => mine.has(id));
}

/**
 * Messages the server accepted, recorded 'sent' (those accepted at the same moment in one
 * statement); 'unknown' too: a lease that ran out on a live but slow process.
 */
async function recordSent(db: Db, ids: number[], at: Date) {
  await db
    .updateTable('push_deliveries')
    .set({ status: 'sent', sent_at: at, lease_until: null, payload: WITHOUT_SECRETS })
    .where('id', 'in', ids)
    .where('status', 'in', ['sending', 'unknown'])
    .execute();
  return ids.map(() => undefined);
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
