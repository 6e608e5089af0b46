import { sql, type Kysely, type QueryCreator } from 'kysely';
import type { Database } from '../db/schema.js';
import { backoffMs } from '../notifications/sender.js';
import { WITHOUT_SECRETS, type StoredMessage } from './outbox.js';
import type { SendOutcome } from './transport.js';

/** The e-mail and SMS sender's statements on the outbox (sender.ts decides when). */

type Db = Kysely<Database>;

export interface Candidate {
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
 * The next due messages, reserved for this process; those that should not leave are skipped on
 * the way. Null when nothing is due; an empty list when all of a batch was skipped or taken.
 */
export async function reserve(
  db: Db,
  /** whether an SMS transport is configured (else SMS are skipped) */
  sms: boolean,
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
    (c) => c.failing || c.opted_out || c.stale || c.unverified || (c.channel === 'sms' && !sms),
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
export async function settle(
  db: Db,
  done: number[],
  next: Candidate[],
  at: Date,
  leaseMs: number,
): Promise<Set<number>> {
  const recordDone = (q: QueryCreator<Database>) =>
    q
      .updateTable('push_deliveries')
      .set({ status: 'sent', sent_at: at, lease_until: null, payload: WITHOUT_SECRETS })
      .where('id', 'in', done)
      .where('status', 'in', ['sending', 'unknown']);
  if (!next.length) {
    if (done.length) await recordDone(db).execute();
    return new Set();
  }
  const taken = await (done.length ? db.with('done', recordDone) : db)
    .updateTable('push_deliveries')
    .set({
      status: 'sending',
      lease_until: new Date(at.getTime() + leaseMs),
      attempts: sql<number>`attempts + 1`,
    })
    .where(
      'id',
      'in',
      next.map((c) => c.id),
    )
    .where('status', '=', 'pending')
    .returning('id')
    .execute();
  return new Set(taken.map((r) => r.id));
}

/** A message not accepted: retried later with back-off, or failed for good. */
export async function record(
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
  const [address, failing] =
    c.channel === 'email'
      ? (['email', 'email_failing_at'] as const)
      : (['phone', 'phone_failing_at'] as const);
  await db
    .updateTable('users')
    .set({ [failing]: at })
    .where('id', '=', c.user_id)
    .where(address, '=', c.address)
    .where(failing, 'is', null)
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
