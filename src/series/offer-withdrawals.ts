import { sql } from 'kysely';
import type { Db } from '../donations/donation.js';

/**
 * Pending offers that no longer stand (the arrangement ended, the date skipped or closed, the
 * series changed or ended) are withdrawn, in the caller's transaction. With `release`, their
 * dates are given back to the plain occurrence job (which posts them at their lead time, to the
 * usual waves); without, the date stays taken (a skipped date makes nothing). One statement
 * either way: the withdrawal is a data-modifying CTE the release deletes from.
 */
export async function withdrawPendingOffers(
  trx: Db,
  which: {
    arrangementId?: number;
    seriesId?: number;
    shopId?: number;
    from?: string;
    to?: string;
    days?: string[];
  },
  now: Date,
  opts: { release: boolean },
) {
  const withdraw = trx
    .updateTable('arrangement_offers')
    .set({ status: 'withdrawn', decided_at: now })
    .where('status', '=', 'pending')
    .$if(which.arrangementId != null, (q) => q.where('arrangement_id', '=', which.arrangementId!))
    .$if(which.seriesId != null, (q) => q.where('series_id', '=', which.seriesId!))
    .$if(which.shopId != null, (q) =>
      q.where('series_id', 'in', (eb) =>
        eb.selectFrom('donation_series').select('id').where('shop_id', '=', which.shopId!),
      ),
    )
    .$if(which.from != null, (q) => q.where('day', '>=', which.from!))
    .$if(which.to != null, (q) => q.where('day', '<=', which.to!))
    .$if(which.days != null, (q) =>
      which.days!.length ? q.where('day', 'in', which.days!) : q.where(sql<boolean>`false`),
    )
    .returning(['series_id', 'day']);
  if (!opts.release) {
    await withdraw.execute();
    return;
  }
  await trx
    .with('gone', () => withdraw)
    .deleteFrom('donation_series_dates as d')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('gone')
          .select(sql`1`.as('one'))
          .whereRef('gone.series_id', '=', 'd.series_id')
          .whereRef('gone.day', '=', 'd.day'),
      ),
    )
    .where('d.donation_id', 'is', null)
    .where('d.skipped', '=', false)
    .execute();
}
