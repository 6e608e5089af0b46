import { sql } from 'kysely';
import { inTransaction } from '../db/transaction.js';
import type { Db } from '../donations/donation.js';

/**
 * How long after the end of its pickup window food collected at the shop for a hub may wait for
 * its arrival to be recorded at the hub: past it, the hourly job closes the hub's step as not
 * recorded, and the food no longer holds the hub's room.
 */
export const HUB_RECORD_GRACE_MS = 24 * 3_600_000;

/**
 * The job: each donation collected at the shop for a hub (picked up, hub_id) with no arrival nor
 * refusal at the hub, whose window ended HUB_RECORD_GRACE_MS ago, is marked not recorded, by a
 * guarded update of the rows it locked: another instance running at once skips them, a later run
 * finds them marked and leaves them (and their time) alone. heldKg then counts it no more; the hub and the partner see the step as
 * "not recorded" (stage 'unrecorded'). Returns the donations this run closed.
 */
export async function closeUnrecordedHubSteps(db: Db, now: Date) {
  const before = new Date(now.getTime() - HUB_RECORD_GRACE_MS);
  return inTransaction(db, async (trx) => {
    // locked first (receiveAtHub locks the row too), those another instance holds skipped; then
    // the guarded update, a statement of its own, sees any arrival recorded meanwhile
    const { rows: due } = await sql<{ id: number }>`
      select d.id from donations d
      where d.hub_id is not null and d.status = 'picked_up' and d.hub_unrecorded_at is null
        and d.pickup_until <= ${before}
        and not exists (select 1 from hub_deposits hd where hd.donation_id = d.id)
      order by d.id
      for update of d skip locked`.execute(trx);
    if (!due.length) return [];
    const { rows } = await sql<{ id: number; hub_id: number; claimed_by: number }>`
      update donations d set hub_unrecorded_at = ${now}
      where d.id in (${sql.join(due.map((r) => r.id))}) and d.hub_unrecorded_at is null
        and not exists (select 1 from hub_deposits hd where hd.donation_id = d.id)
      returning d.id, d.hub_id, d.claimed_by`.execute(trx);
    return rows;
  });
}
