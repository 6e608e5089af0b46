import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** One food-aid approval of an association, as it was recorded (association_approvals). */
export interface ApprovalRecord {
  level: 'national' | 'regional' | 'law';
  number: string | null;
  startsOn: string | null;
  endsOn: string | null;
}

/**
 * The approval in force on `day` (Paris, YYYY-MM-DD). Each recorded approval governs the days
 * from its first day (none given: every day, as a correction of what came before) until a newer
 * one governs them; it is in force on a day it governs up to its end date (by law: no end). So a
 * renewal from August leaves the old approval in force for the pickups before it, and a gap
 * between the two gives no receipt.
 */
export function approvalInForce(records: readonly ApprovalRecord[], day: string) {
  for (const a of [...records].reverse()) {
    if (a.startsOn != null && day < a.startsOn) continue; // before it: an older one governs
    return a.level === 'law' || (a.endsOn != null && day <= a.endsOn) ? a : null;
  }
  return null;
}

/** Every approval the association has had, oldest first (a trigger keeps them: migration 0037). */
export async function approvalHistory(
  db: Kysely<Database>,
  associationId: number,
): Promise<ApprovalRecord[]> {
  const rows = await db
    .selectFrom('association_approvals')
    .select(['level', 'number', 'starts_on', 'ends_on'])
    .where('association_id', '=', associationId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    level: r.level,
    number: r.number,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
  }));
}
