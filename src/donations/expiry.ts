import { sql } from 'kysely';
import { eventRow, type Db } from './donation.js';
import { whoCouldTake, type ReachReason } from './reach.js';
import { shortDescription, tellShop } from './shop-news.js';
import { whyUnclaimed } from './unclaimed-why.js';

/**
 * The scheduled job: windows that ended. Open ones expire; claimed ones were missed. The shop of
 * each donation nobody took is told so in the same transaction ("personne n'a pu prendre votre
 * don"), with why: how many associations were told and why none took it (unclaimed-why.ts), or,
 * when none was, the matching's reasons (reach.ts). Only the donations this run expired: a second run finds none and tells nobody.
 */
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
      .returning([
        'id',
        'shop_id',
        'status',
        'claimed_by',
        'lat',
        'lng',
        'description',
        'quantity_kg',
        'pickup_from',
        'pickup_until',
        'created_at',
      ])
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
    await tellUnclaimed(
      trx,
      expired.filter((d) => d.status === 'expired'),
      now,
    );
    return expired.map((d) => ({
      id: d.id,
      shop_id: d.shop_id,
      status: d.status,
      claimed_by: d.claimed_by,
      lat: d.lat,
      lng: d.lng,
    }));
  });
}

async function tellUnclaimed(
  trx: Db,
  unclaimed: (Parameters<typeof whyUnclaimed>[1] & {
    shop_id: number;
    description: string;
    quantity_kg: number;
  })[],
  now: Date,
) {
  if (!unclaimed.length) return;
  const told = await trx
    .selectFrom('notification_targets')
    .select(['donation_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where(
      'donation_id',
      'in',
      unclaimed.map((d) => d.id),
    )
    .where('told_at', 'is not', null)
    .groupBy('donation_id')
    .execute();
  const toldOf = new Map(told.map((r) => [r.donation_id, Number(r.n)]));
  for (const d of unclaimed) {
    const n = toldOf.get(d.id) ?? 0;
    // nobody was told: why (the reasons are empty when some could, but no slot met the window);
    // some were: why none took it, as far as is known (unclaimed-why.ts)
    const reasons: ReachReason[] = n ? [] : (await whoCouldTake(trx, d.id)).reasons;
    const why: Record<string, string> = n
      ? { why: JSON.stringify(await whyUnclaimed(trx, d)) }
      : {};
    await tellShop(
      trx,
      {
        shopId: d.shop_id,
        donationId: d.id,
        kind: 'donation_unclaimed',
        template: 'donation_unclaimed',
        key: `unclaimed:${d.id}`,
        params: {
          description: shortDescription(d),
          kg: Number(d.quantity_kg),
          told: n,
          reasons: JSON.stringify(reasons),
          ...why,
        },
      },
      now,
    );
  }
}
