import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { asLang } from '../notifications/payloads.js';
import type { DrainOptions } from '../notifications/sender.js';
import { attachmentOf } from './attachments.js';
import { record, reserve, settle, type Candidate } from './delivery-rows.js';
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
 * free (or nothing is left in flight): in bench:messages one such statement for every 5 to 6
 * e-mails, and with the reservations (two statements for 20) about 0.3 a mail, where it was about
 * one (a claim and a record a mail, those of the same moment merged); on a shared core those
 * statements were what the sender spent beside nodemailer itself. An accepted message waits at
 * most RECORD_WITHIN_MS (from its acceptance) to be recorded, a slow send does not hold it, and
 * none waits once nothing is left to claim. On an error (the database, a reservation) nothing more is
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
  let oldest = 0; // when the first of `accepted` was accepted (performance.now())
  let failure = null as { error: unknown } | null;
  let sent = 0;
  let changed: (() => void) | null = null;
  const tell = () => {
    changed?.();
    changed = null;
  };
  const waited = () => performance.now() - oldest;
  // until a send or a refusal ends, or the oldest accepted message has waited RECORD_WITHIN_MS
  const change = () =>
    new Promise<void>((resolve) => {
      const timer = accepted.length
        ? setTimeout(tell, Math.max(0, RECORD_WITHIN_MS - waited()))
        : null;
      changed = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
    });
  const send = (c: Candidate) =>
    void sendOne(db, t, c).then(async (outcome) => {
      if (outcome.kind === 'sent') {
        if (!accepted.length) oldest = performance.now();
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
        const got = await reserve(db, !!t.sms, now(), batchSize, reserveMs);
        if (got === null) drained = true;
        else queue.push(...got);
        continue;
      }
      const claimNow = queue.length > 0 && free > 0 && (free >= group || flying === 0);
      // (drained: nothing is left to claim, and the queue is empty)
      const recordNow =
        accepted.length > 0 && (flying === 0 || drained || waited() >= RECORD_WITHIN_MS);
      if (claimNow || recordNow) {
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
      if (inHand === 0 && drained) return sent;
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
