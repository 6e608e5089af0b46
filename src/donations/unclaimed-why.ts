import { sql } from 'kysely';
import { slotMeetsWindow } from '../notifications/planning.js';
import type { Db } from './donation.js';
import { offerMatchesFor } from '../hubs/feed.js';
import { whyOthersCannot, type ReachReason } from './reach.js';

/**
 * Why nobody took a donation that associations WERE told of, as far as the expiry can know it:
 * - `released`: the reasons of those who claimed it and gave it back (RELEASE_REASONS), in order;
 * - `unreached`: associations told whose members no message reached (quiet hours, no device, no
 *   address that works: nothing of theirs was sent) and that did not claim it;
 * - `later`: associations planned for a later wave, which the end of the window came before;
 * - `closed`: associations it fitted (or hub partners it was for, via the hub) whose pickup days
 *   and hours missed the window;
 * - `excluded`: the matching's rules that left the others out (reach.ts: too far, no fridge...).
 */
export interface UnclaimedWhy {
  released: string[];
  unreached: number;
  later: number;
  closed: number;
  excluded: ReachReason[];
}

export async function whyUnclaimed(
  db: Db,
  d: { id: number; pickup_from: Date; pickup_until: Date; created_at: Date },
): Promise<UnclaimedWhy> {
  const [released, targets, matches, excluded] = await Promise.all([
    db
      .selectFrom('donation_events')
      .select('reason')
      .where('donation_id', '=', d.id)
      .where('from_status', '=', 'claimed')
      .where('to_status', '=', 'open')
      .where('reason', 'is not', null)
      .orderBy('id')
      .execute(),
    sql<{ later: number; unreached: number }>`
      select count(*) filter (where t.told_at is null)::int as later,
        count(*) filter (where t.told_at is not null and not exists (
          select 1 from push_deliveries pd join memberships m on m.user_id = pd.user_id
          where pd.donation_id = t.donation_id and m.organisation_id = t.association_id
            and pd.status = 'sent')
          -- one that claimed it heard of it, whatever the outbox says
          and not exists (select 1 from donation_events e
            where e.donation_id = t.donation_id and e.actor_org_id = t.association_id))::int as unreached
      from notification_targets t where t.donation_id = ${d.id}`.execute(db),
    // (the claims counted since the window's end: none, cheaply; only the slots matter here)
    offerMatchesFor(db, d.id, new Date(d.pickup_until)),
    whyOthersCannot(db, d.id),
  ]);
  // the window the planning checked the slots against: from the later of posting and its start
  const from = new Date(
    Math.max(new Date(d.pickup_from).getTime(), new Date(d.created_at).getTime()),
  );
  const until = new Date(d.pickup_until);
  return {
    released: released.map((r) => r.reason!),
    unreached: Number(targets.rows[0]?.unreached ?? 0),
    later: Number(targets.rows[0]?.later ?? 0),
    closed: matches.filter((m) => !slotMeetsWindow(m, from, until)).length,
    excluded,
  };
}
