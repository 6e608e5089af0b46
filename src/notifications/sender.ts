import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PushPayload } from '../db/schema.js';
import { encryptInProcess, type PushEncryptor, type PushToEncrypt } from './encrypt.js';
import { VapidSigner, type VapidKeys } from './vapid.js';

/** Sends one encrypted Web Push request (Workers: fetchSender; Node: node-sender.ts). */
export interface PushSender {
  send(request: {
    endpoint: string;
    headers: Record<string, string>;
    body: Uint8Array | null;
  }): Promise<{ status: number; retryAfter?: number }>;
  /** Where messages are encrypted (Node: a worker thread); on the calling thread without it. */
  encrypt?: PushEncryptor;
}

type Db = Kysely<Database>;

/**
 * Workers' transport: one POST per message, with a timeout; a redirect is an answer, not followed
 * (an endpoint is the subscriber's: it must not send us elsewhere), as on Node.
 */
export function fetchSender(timeoutMs = 10_000): PushSender {
  return {
    async send({ endpoint, headers, body }) {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers,
        body: body as BodyInit | null,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      await res.arrayBuffer().catch(() => undefined);
      const retryAfter = Number(res.headers.get('retry-after'));
      return {
        status: res.status,
        retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      };
    },
  };
}

export interface DrainOptions {
  /** Messages claimed and sent together. */
  batchSize?: number;
  /** How long a claim holds; longer than the transport's timeout. */
  leaseMs?: number;
  maxAttempts?: number;
  /** Called after each batch is claimed, before its requests leave (the crash test kills here). */
  onClaimed?: (ids: number[]) => void;
  log?: (msg: string, err?: unknown) => void;
}

interface Candidate {
  id: number;
  payload: PushPayload;
  attempts: number;
  donation_id: number | null;
  subscription_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  pickup_until: Date | null;
  open: boolean | null;
}

type Outcome = { id: number; subscriptionId: number } & (
  | { kind: 'sent' }
  | { kind: 'gone' }
  | { kind: 'failed'; error: string }
  | { kind: 'retry'; error: string; retryAfter?: number; attempts: number }
);

export function backoffMs(attempts: number, retryAfterS?: number) {
  const base = Math.min(30 * 60_000, 10_000 * 2 ** Math.max(0, attempts - 1));
  const jittered = base * (0.8 + Math.random() * 0.4);
  return Math.max(jittered, (retryAfterS ?? 0) * 1000);
}

/**
 * Sends what is due in the outbox, batch after batch, until nothing is due. Returns how many requests went out.
 *
 * At most once per device, crash or not: a row is claimed ('sending', with a lease) only after its
 * message is encrypted and just before the request leaves, and marked 'sent' when the push
 * service answers 2xx. A row still 'sending' once its lease is over belongs to a process that died
 * mid-request: the push service may or may not have it, and it is marked 'unknown', never resent.
 * Everything not yet claimed is still 'pending' and goes out after a restart. Errors (5xx, 429,
 * network, timeout) are retried with back-off; 404/410 delete the subscription.
 */
export async function drainOutbox(
  db: Db,
  sender: PushSender,
  vapid: VapidKeys,
  now: () => Date,
  opts: DrainOptions = {},
): Promise<number> {
  const batchSize = opts.batchSize ?? 100;
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxAttempts = opts.maxAttempts ?? 8;
  const signer = VapidSigner.for(vapid);
  let sent = 0;
  let inFlight: Promise<void> | null = null;
  for (;;) {
    const at = now();
    // selected, encrypted and claimed in one short transaction: the rows stay locked until they
    // are claimed, so another instance woken by the same post skips them (skip locked) instead of
    // encrypting them too, only to lose the claim; a process that dies before the commit leaves
    // them pending, to be sent after all
    const round = await db.transaction().execute(async (trx) => {
      const candidates = (
        await sql<Candidate>`
        select pd.id, pd.payload, pd.attempts, pd.donation_id, pd.subscription_id, s.endpoint, s.p256dh, s.auth,
          d.pickup_until, (d.status = 'open' and d.pickup_until > ${at}) as open
        from push_deliveries pd
        join push_subscriptions s on s.id = pd.subscription_id
        left join donations d on d.id = pd.donation_id
        where pd.channel = 'push' and pd.status = 'pending' and pd.next_attempt_at <= ${at}
        order by pd.next_attempt_at, pd.id
        limit ${batchSize}
        for update of pd skip locked`.execute(trx)
      ).rows;
      if (!candidates.length) return null;
      // claimed, cancelled or expired since it was queued: nobody else is told
      const closed = candidates.filter((c) => c.donation_id != null && !c.open).map((c) => c.id);
      if (closed.length)
        await trx
          .updateTable('push_deliveries')
          .set({ status: 'skipped' })
          .where('id', 'in', closed)
          .where('status', '=', 'pending')
          .execute();
      const failed: { id: number; error: string }[] = [];
      const items: PushToEncrypt[] = [];
      const itemsOf: Candidate[] = [];
      for (const c of candidates) {
        if (c.donation_id != null && !c.open) continue;
        try {
          items.push(toEncrypt(c, at, signer));
          itemsOf.push(c);
        } catch (e) {
          failed.push({ id: c.id, error: String((e as Error).message ?? e).slice(0, 200) });
        }
      }
      const encrypted = await (sender.encrypt ?? encryptInProcess)(items);
      const prepared = [];
      for (const [i, c] of itemsOf.entries()) {
        const e = encrypted[i] ?? { error: 'no answer from the encryptor' };
        if ('error' in e) failed.push({ id: c.id, error: e.error });
        else prepared.push({ c, headers: e.headers, body: e.body });
      }
      // one statement per reason (a batch's failures mostly share one), not one per message
      const byError = new Map<string, number[]>();
      for (const f of failed) byError.set(f.error, [...(byError.get(f.error) ?? []), f.id]);
      for (const [error, ids] of byError)
        await trx
          .updateTable('push_deliveries')
          .set({ status: 'failed', last_error: `encrypt: ${error}` })
          .where('id', 'in', ids)
          .execute();
      if (!prepared.length) return { selected: candidates.length, batch: prepared };
      const claimed = await trx
        .updateTable('push_deliveries')
        .set({
          status: 'sending',
          lease_until: new Date(at.getTime() + leaseMs),
          attempts: sql`attempts + 1`,
        })
        .where(
          'id',
          'in',
          prepared.map((p) => p.c.id),
        )
        .where('status', '=', 'pending')
        .returning('id')
        .execute();
      const mine = new Set(claimed.map((r) => r.id));
      return { selected: candidates.length, batch: prepared.filter((p) => mine.has(p.c.id)) };
    });
    if (!round) break;
    const { batch } = round;
    if (!batch.length) {
      if (round.selected < batchSize) break;
      continue;
    }
    opts.onClaimed?.(batch.map((p) => p.c.id));
    // two batches overlap: the next one is encrypted while this one's requests are out
    const sending = Promise.all(batch.map((p) => sendOne(sender, p, maxAttempts)))
      .then((outcomes) => record(db, outcomes, now()))
      .catch((e) => opts.log?.('push: recording a batch failed', e));
    if (inFlight) await inFlight;
    inFlight = sending;
    sent += batch.length;
    // a short batch took all that was due: what is queued meanwhile wakes the loop again (and
    // the retry job's poll catches the rest), so no second query only to find nothing
    if (round.selected < batchSize) break;
  }
  if (inFlight) await inFlight;
  return sent;
}

function toEncrypt(c: Candidate, at: Date, signer: VapidSigner): PushToEncrypt {
  const ttl = c.pickup_until
    ? Math.max(60, Math.floor((new Date(c.pickup_until).getTime() - at.getTime()) / 1000))
    : 3600;
  return {
    endpoint: c.endpoint,
    p256dh: c.p256dh,
    auth: c.auth,
    payload: JSON.stringify(c.payload),
    ttl: Math.min(ttl, 4 * 7 * 86400),
    urgency: c.donation_id ? 'high' : 'normal',
    // a push service keeps one queued message per topic: a resent one replaces, not adds
    topic: c.donation_id ? `donation-${c.donation_id}` : undefined,
    authorization: signer.authorization(c.endpoint),
  };
}

async function sendOne(
  sender: PushSender,
  p: { c: Candidate; headers: Record<string, string>; body: Uint8Array | null },
  maxAttempts: number,
): Promise<Outcome> {
  const base = { id: p.c.id, subscriptionId: p.c.subscription_id };
  const attempts = p.c.attempts + 1;
  const retry = (error: string, retryAfter?: number): Outcome =>
    attempts >= maxAttempts
      ? { ...base, kind: 'failed', error }
      : { ...base, kind: 'retry', error, retryAfter, attempts };
  try {
    const res = await sender.send({ endpoint: p.c.endpoint, headers: p.headers, body: p.body });
    if (res.status >= 200 && res.status < 300) return { ...base, kind: 'sent' };
    if (res.status === 404 || res.status === 410) return { ...base, kind: 'gone' };
    if (res.status === 429 || res.status >= 500) return retry(`HTTP ${res.status}`, res.retryAfter);
    return { ...base, kind: 'failed', error: `HTTP ${res.status}` };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return retry(`${err.name}: ${err.cause?.code ?? err.message}`.slice(0, 200));
  }
}

async function record(db: Db, outcomes: Outcome[], at: Date) {
  const ids = (k: Outcome['kind']) => outcomes.filter((o) => o.kind === k);
  const sent = ids('sent');
  if (sent.length) {
    // 'unknown' too: a lease that ran out on a live but slow process; the devices' last success
    // in the same statement (one round trip a batch)
    await db
      .with('s', (q) =>
        q
          .updateTable('push_subscriptions')
          .set({ last_success_at: at })
          .where('id', 'in', [...new Set(sent.map((o) => o.subscriptionId))]),
      )
      .updateTable('push_deliveries')
      .set({ status: 'sent', sent_at: at, lease_until: null })
      .where(
        'id',
        'in',
        sent.map((o) => o.id),
      )
      .where('status', 'in', ['sending', 'unknown'])
      .execute();
  }
  const gone = ids('gone');
  if (gone.length)
    await db
      .deleteFrom('push_subscriptions')
      .where('id', 'in', [...new Set(gone.map((o) => o.subscriptionId))])
      .execute();
  for (const o of outcomes) {
    if (o.kind === 'failed')
      await db
        .updateTable('push_deliveries')
        .set({ status: 'failed', last_error: o.error, lease_until: null })
        .where('id', '=', o.id)
        .execute();
    if (o.kind === 'retry')
      await db
        .updateTable('push_deliveries')
        .set({
          status: 'pending',
          last_error: o.error,
          lease_until: null,
          next_attempt_at: new Date(at.getTime() + backoffMs(o.attempts, o.retryAfter)),
        })
        .where('id', '=', o.id)
        .where('status', 'in', ['sending', 'unknown'])
        .execute();
  }
}

/** Claims whose lease ran out belong to a process that died mid-request: never resent. */
export async function expireLeases(db: Db, now: Date): Promise<number> {
  const rows = await db
    .updateTable('push_deliveries')
    .set({ status: 'unknown', last_error: 'lease expired while sending (process stopped?)' })
    .where('status', '=', 'sending')
    .where('lease_until', '<', now)
    .returning('id')
    .execute();
  return rows.length;
}
