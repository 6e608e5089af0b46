import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { queueMessages } from '../mail/outbox.js';
import { addDays, parisToday } from '../shared/period.js';
import { APPROVAL_WARNING_DAYS } from './identity.js';

/** Days of grace: a night the job did not run still sends the reminder on the next one. */
const GRACE_DAYS = 7;

/**
 * Mail the managers of each association whose food-aid approval ends in 60 days (53 to 60, for
 * nights the job missed): once per approval end date and manager (the outbox key). The banner on
 * the association's pages says it every day until then (views/organisations/identity.tsx).
 */
export async function remindEndingApprovals(db: Kysely<Database>, now: Date) {
  const today = parisToday(now);
  const rows = await db
    .selectFrom('organisations as o')
    .innerJoin('memberships as m', 'm.organisation_id', 'o.id')
    .select(['o.id', 'o.name', 'o.approval_ends_on', 'm.user_id'])
    .where('o.kind', '=', 'association')
    .where('o.approval_level', 'in', ['national', 'regional'])
    .where('o.approval_ends_on', '>=', addDays(today, APPROVAL_WARNING_DAYS - GRACE_DAYS))
    .where('o.approval_ends_on', '<=', addDays(today, APPROVAL_WARNING_DAYS))
    .where('m.role', '=', 'manager')
    .execute();
  return queueMessages(
    db,
    'email',
    rows.map((r) => ({
      userId: r.user_id,
      template: 'approval_ending',
      key: `approval-ending:${r.id}:${r.approval_ends_on}`,
      params: { name: r.name, endsOn: r.approval_ends_on! },
      links: { profile: `/organisations/${r.id}` },
    })),
    now,
  );
}
