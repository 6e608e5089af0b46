import { sql, type Kysely } from 'kysely';
import type { Database, Donation } from '../db/schema.js';
import { pgArray } from '../db/arrays.js';
import { offerMatchesForMany } from '../hubs/feed.js';
import { alertMembers, alertMembersMany, type Alert, type Told } from './alerts.js';
import { asLang, testPayload } from './payloads.js';
import { queueNotifications } from './queue.js';
import {
  DEFAULT_WAVES,
  orderCandidates,
  slotMeetsWindow,
  waveDueAt,
  type WaveSettings,
} from './planning.js';

type Db = Kysely<Database>;

/** What a message about a donation says, and when its window is. */
type Offer = Pick<
  Donation,
  'id' | 'category' | 'description' | 'quantity_kg' | 'pickup_from' | 'pickup_until' | 'status'
>;

/**
 * Called by postDonation inside its transaction, with the donation it just wrote: plans who is to
 * be told of it and in which wave (the associations it fits and the hub partners that may claim
 * it through a hub, offerMatchesFor, in one order), marks wave 1 told and writes its messages to the outbox, so
 * that posting and the notifications commit together. Nothing here talks to a push service: a
 * slow or broken one cannot hold up posting. `waves`: the operator's settings (Config.waves).
 * Returns, read once here instead of again after the commit: the ids of the associations it may be
 * offered to (matching.ts's rule and the hub partners', whatever their pickup slot: the audience
 * of its live event) and how many they are (the shop's count, reach.ts).
 */
export async function planNotifications(
  trx: Db,
  donation: Offer,
  now: Date,
  waves: WaveSettings = DEFAULT_WAVES,
): Promise<PlannedAudience> {
  return (await planNotificationsMany(trx, [donation], now, waves))[0];
}

/**
 * planNotifications for several donations just written (a batch of regular donations' dates,
 * src/series/occurrences.ts): the same statements as for one, whatever their number. Returns each
 * donation's audience, in the order given.
 */
export async function planNotificationsMany(
  trx: Db,
  donations: readonly Offer[],
  now: Date,
  waves: WaveSettings = DEFAULT_WAVES,
): Promise<PlannedAudience[]> {
  const open = donations.filter((d) => d.status === 'open');
  const since = new Date(now.getTime() - waves.fairnessWindowDays * 86_400_000);
  const matchesOf = await offerMatchesForMany(
    trx,
    open.map((d) => d.id),
    since,
  );
  // many associations share their days and slot (often the defaults): check each kind once per window
  const meets = new Map<string, boolean>();
  const rows: (TargetRow & { donation_id: number })[] = [];
  const alerts: Alert[] = [];
  for (const donation of open) {
    const matches = matchesOf.get(donation.id)!;
    const windowStart = new Date(Math.max(new Date(donation.pickup_from).getTime(), now.getTime()));
    const until = new Date(donation.pickup_until);
    const slotFits = (m: (typeof matches)[number]) => {
      const key = `${windowStart.getTime()}|${until.getTime()}|${JSON.stringify(m.pickup_days)}|${m.pickup_from}|${m.pickup_until}`;
      let fits = meets.get(key);
      if (fits === undefined) meets.set(key, (fits = slotMeetsWindow(m, windowStart, until)));
      return fits;
    };
    const candidates = matches.filter(slotFits).map((m) => ({
      association_id: m.association_id,
      distance_km: Number(m.distance_km),
      recent: Number(m.recent ?? 0),
    }));
    const viaHub = new Map(matches.map((m) => [m.association_id, m.via_hub_id]));
    const mine = targetRows(candidates, viaHub, now, until, waves);
    rows.push(...mine.map((r) => ({ ...r, donation_id: donation.id })));
    alerts.push({ donation, told: mine.filter((r) => r.told_at) });
  }
  // one statement of the same text whatever the number of rows: prepared once per connection
  if (rows.length)
    await sql`insert into notification_targets (donation_id, association_id, distance_km, rank, wave, due_at, told_at, via_hub_id)
      select * from unnest(${pgArray(rows.map((r) => r.donation_id))}::int[],
        ${pgArray(rows.map((r) => r.association_id))}::int[],
        ${pgArray(rows.map((r) => r.distance_km))}::float8[], ${pgArray(rows.map((r) => r.rank))}::int[],
        ${pgArray(rows.map((r) => r.wave))}::int[], ${pgArray(rows.map((r) => r.due_at))}::timestamptz[],
        ${pgArray(rows.map((r) => r.told_at))}::timestamptz[], ${pgArray(rows.map((r) => r.via_hub_id))}::int[])`.execute(
      trx,
    );
  await alertMembersMany(trx, alerts, now);
  return donations.map((d) => {
    const matches = matchesOf.get(d.id) ?? [];
    return {
      fitting: [...new Set(matches.map((m) => Number(m.association_id)))],
      reachable: new Set(matches.map((m) => m.association_id)).size,
    };
  });
}

interface TargetRow {
  association_id: number;
  distance_km: number;
  rank: number;
  wave: number;
  due_at: Date;
  told_at: Date | null;
  via_hub_id: number | null;
}

/** The waves of one donation's candidates: who is told when, until a wave would come after the window. */
function targetRows(
  candidates: { association_id: number; distance_km: number; recent: number }[],
  viaHub: Map<number, number | null>,
  now: Date,
  until: Date,
  waves: WaveSettings,
): TargetRow[] {
  const rows: TargetRow[] = [];
  for (const [rank, c] of orderCandidates(candidates, waves.sameDistanceKm).entries()) {
    const wave = Math.floor(rank / waves.waveSize) + 1;
    const due = waveDueAt(wave, now, until, waves);
    if (!due) break; // later waves would come after the window
    rows.push({
      association_id: c.association_id,
      distance_km: c.distance_km,
      rank,
      wave,
      due_at: due,
      told_at: due <= now ? now : null, // the donation is open and its window ahead: told now
      via_hub_id: viaHub.get(c.association_id) ?? null,
    });
  }
  return rows;
}

/** Who a donation reached as it was planned (planNotifications). */
export interface PlannedAudience {
  /**
   * the associations it is offered to, hub partners included (their feed lists it via the hub):
   * the audience of its live event as it is posted. Its later events (claimed, cancelled...) are
   * heard by the associations it fits directly (realtime/audience.ts), not by hub partners.
   */
  fitting: number[];
  /** how many associations could take it, hub partners included */
  reachable: number;
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
    .returning(['association_id', 'distance_km', 'via_hub_id'])
    .execute();
  if (!told.length) return 0;
  const donation = await db
    .selectFrom('donations')
    .select(['id', 'category', 'description', 'quantity_kg', 'pickup_until'])
    .where('id', '=', donationId)
    .executeTakeFirstOrThrow();
  return queueMessages(db, donation, told, now);
}

/**
 * The members of the told associations, on the channels they chose (alerts.ts): push rows per
 * device, e-mails and SMS through the mail outbox. Returns the number of push rows queued.
 */
async function queueMessages(
  db: Db,
  donation: Omit<Offer, 'pickup_from' | 'status'>,
  told: Told[],
  now: Date,
): Promise<number> {
  return (await alertMembers(db, donation, told, now)).push;
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
  const payload = testPayload(asLang(user.lang));
  // asked for by the user: to every device, whatever their choices and quiet hours
  return (await queueNotifications(db, null, [{ userId, push: { payload } }], now)).push;
}
