import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { associationsFor } from '../donations/matching.js';
import { asLang, donationPayload, testPayload } from './messages.js';
import { orderCandidates, slotMeetsWindow, waveDueAt, waveSettings } from './planning.js';

type Db = Kysely<Database>;
const CHUNK = 500;

/**
 * Called by postDonation inside its transaction: plans who is to be told of a new donation and in
 * which wave, and writes wave 1 to the outbox, so that posting and the notifications commit together.
 * Nothing here talks to a push service: a slow or broken one cannot hold up posting.
 */
export async function planNotifications(trx: Db, donationId: number, now: Date): Promise<void> {
  const donation = await trx
    .selectFrom('donations')
    .select(['id', 'pickup_from', 'pickup_until', 'status'])
    .where('id', '=', donationId)
    .executeTakeFirst();
  if (!donation || donation.status !== 'open') return;
  const matches = await associationsFor(trx, donationId);
  if (!matches.length) return;
  const ids = matches.map((m) => m.association_id);
  const since = new Date(now.getTime() - waveSettings.fairnessWindowDays * 86_400_000);
  const orgs = await trx
    .selectFrom('organisations as a')
    .select(['a.id', 'a.pickup_days', 'a.pickup_from', 'a.pickup_until'])
    .select((eb) =>
      eb
        .selectFrom('donations as c')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('c.claimed_by', '=', 'a.id')
        .where('c.claimed_at', '>=', since)
        .as('recent'),
    )
    .where('a.id', 'in', ids)
    .execute();
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const windowStart = new Date(Math.max(new Date(donation.pickup_from).getTime(), now.getTime()));
  const candidates = matches
    .filter((m) => {
      const o = byId.get(m.association_id);
      return o && slotMeetsWindow(o, windowStart, new Date(donation.pickup_until));
    })
    .map((m) => ({
      association_id: m.association_id,
      distance_km: Number(m.distance_km),
      recent: Number(byId.get(m.association_id)!.recent ?? 0),
    }));
  const rows = [];
  for (const [rank, c] of orderCandidates(candidates).entries()) {
    const wave = Math.floor(rank / waveSettings.waveSize) + 1;
    const due = waveDueAt(wave, now, new Date(donation.pickup_until));
    if (!due) break; // later waves would come after the window
    rows.push({
      donation_id: donationId,
      association_id: c.association_id,
      distance_km: c.distance_km,
      rank,
      wave,
      due_at: due,
      told_at: null,
    });
  }
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto('notification_targets')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  await tellDueTargets(trx, donationId, now);
}

/**
 * Marks the targets whose wave is due as told, and writes one outbox row per device of their
 * members, while the donation is still open. Guarded updates and a unique (device, donation) key
 * make it safe to run twice or on two instances at once. Returns the number of rows queued.
 */
export async function tellDueTargets(db: Db, donationId: number, now: Date): Promise<number> {
  const told = await db
    .updateTable('notification_targets')
    .set({ told_at: now })
    .where('donation_id', '=', donationId)
    .where('told_at', 'is', null)
    .where('due_at', '<=', now)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('donations')
          .select('id')
          .where('id', '=', donationId)
          .where('status', '=', 'open')
          .where('pickup_until', '>', now),
      ),
    )
    .returning(['association_id', 'distance_km'])
    .execute();
  if (!told.length) return 0;
  const donation = await db
    .selectFrom('donations')
    .select(['id', 'category', 'description', 'quantity_kg', 'pickup_until'])
    .where('id', '=', donationId)
    .executeTakeFirstOrThrow();
  const distance = new Map(told.map((t) => [t.association_id, Number(t.distance_km)]));
  const devices = await db
    .selectFrom('push_subscriptions as s')
    .innerJoin('memberships as m', 'm.user_id', 's.user_id')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 'u.lang', 'm.organisation_id'])
    .where('m.organisation_id', 'in', [...distance.keys()])
    .orderBy('s.id')
    .execute();
  // a member of two told associations gets one message, with the nearer distance
  const best = new Map<number, { lang: string; km: number }>();
  for (const d of devices) {
    const km = distance.get(d.organisation_id)!;
    const seen = best.get(d.id);
    if (!seen || km < seen.km) best.set(d.id, { lang: d.lang, km });
  }
  const rows = [...best].map(([subscriptionId, { lang, km }]) => ({
    subscription_id: subscriptionId,
    donation_id: donationId,
    payload: JSON.stringify(donationPayload(asLang(lang), donation, km)),
    next_attempt_at: now,
  }));
  let queued = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const r = await db
      .insertInto('push_deliveries')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc
          .columns(['subscription_id', 'donation_id'])
          .where('donation_id', 'is not', null)
          .doNothing(),
      )
      .returning('id')
      .execute();
    queued += r.length;
  }
  return queued;
}

/** The escalation job: the next wave of every open donation whose wave is due. */
export async function escalateWaves(
  db: Db,
  now: Date,
): Promise<{ donations: number; queued: number }> {
  const due = await db
    .selectFrom('notification_targets as t')
    .innerJoin('donations as d', 'd.id', 't.donation_id')
    .select('t.donation_id')
    .distinct()
    .where('t.told_at', 'is', null)
    .where('t.due_at', '<=', now)
    .where('d.status', '=', 'open')
    .where('d.pickup_until', '>', now)
    .execute();
  let queued = 0;
  for (const { donation_id } of due)
    queued += await db.transaction().execute((trx) => tellDueTargets(trx, donation_id, now));
  return { donations: due.length, queued };
}

/** "Send me a test": one message to each of the user's devices. */
export async function queueTestNotification(db: Db, userId: number, now: Date): Promise<number> {
  const user = await db
    .selectFrom('users')
    .select('lang')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const subs = await db
    .selectFrom('push_subscriptions')
    .select('id')
    .where('user_id', '=', userId)
    .execute();
  if (!subs.length) return 0;
  const payload = JSON.stringify(testPayload(asLang(user.lang)));
  await db
    .insertInto('push_deliveries')
    .values(
      subs.map((s) => ({
        subscription_id: s.id,
        donation_id: null,
        payload,
        next_attempt_at: now,
      })),
    )
    .execute();
  return subs.length;
}
