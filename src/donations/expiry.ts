import { sql } from 'kysely';
import { eventRow, type Db } from './donation.js';

/** The scheduled job: windows that ended. Open ones expire; claimed ones were missed. */
export async function expireDonations(db: Db, now: Date) {
  return db.transaction().execute(async (trx) => {
    const expired = await trx
      .updateTable('donations')
      .set({
        status: sql`case when status = 'open' then 'expired' else 'missed' end`,
        closed_at: now,
      })
      .where('status', 'in', ['open', 'claimed'])
      .where('pickup_until', '<=', now)
      .returning(['id', 'shop_id', 'status', 'claimed_by', 'lat', 'lng'])
      .execute();
    if (expired.length)
      await trx
        .insertInto('donation_events')
        .values(
          expired.map((d) => ({
            donation_id: d.id,
            ...eventRow({
              from: d.status === 'expired' ? 'open' : 'claimed',
              to: d.status,
              actor: null,
              orgId: null,
              at: now,
            }),
          })),
        )
        .execute();
    return expired;
  });
}
