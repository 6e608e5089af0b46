import type { Actor } from '../accounts/actor.js';
import type { Donation } from '../db/schema.js';
import { shopOf, type Db } from '../donations/donation.js';
import { cancelDonation } from '../donations/posting.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { parisDate } from '../shared/time.js';
import { withdrawPendingOffers } from './offer-withdrawals.js';

/**
 * Holidays: the shop closes a range of dates in one step. Every series of the shop makes nothing
 * on those dates (the occurrence job reads shop_closures), and the occurrences already posted in
 * the range that nobody has claimed are withdrawn; the claimed ones stay, and are counted, so the
 * shop knows whom to warn.
 */
export async function closeShop(
  db: Db,
  actor: Actor,
  range: { startsOn: string; endsOn: string },
  now: Date,
) {
  const shop = shopOf(actor);
  if (range.endsOn < parisDate(now)) throw new ValidationError({ endsOn: 'series.err.skip_past' });
  const closure = await db.transaction().execute(async (trx) => {
    await checkClosureCap(trx, shop.organisationId, now);
    // dates offered to an arrangement's association in the range are withdrawn with it
    await withdrawPendingOffers(
      trx,
      { shopId: shop.organisationId, from: range.startsOn, to: range.endsOn },
      now,
      { release: true },
    );
    return trx
      .insertInto('shop_closures')
      .values({ shop_id: shop.organisationId, starts_on: range.startsOn, ends_on: range.endsOn })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  const posted = await db
    .selectFrom('donation_series_dates as x')
    .innerJoin('donation_series as s', 's.id', 'x.series_id')
    .innerJoin('donations as d', 'd.id', 'x.donation_id')
    .select(['d.id', 'd.status'])
    .where('s.shop_id', '=', shop.organisationId)
    .where('x.day', '>=', range.startsOn)
    .where('x.day', '<=', range.endsOn)
    .where('d.status', 'in', ['open', 'claimed'])
    .execute();
  const cancelled: Donation[] = [];
  let claimed = posted.filter((p) => p.status === 'claimed').length;
  for (const p of posted.filter((p) => p.status === 'open')) {
    try {
      cancelled.push((await cancelDonation(db, actor, p.id, now)) as Donation);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      claimed++; // claimed while we were closing
    }
  }
  return { closure, cancelled, claimed };
}

/** One of the shop's holidays; another shop's, or none: not found. */
export async function loadClosure(db: Db, actor: Actor, id: number) {
  const shop = shopOf(actor);
  const closure = await db
    .selectFrom('shop_closures')
    .selectAll()
    .where('id', '=', id)
    .where('shop_id', '=', shop.organisationId)
    .executeTakeFirst();
  if (!closure) throw new NotFoundError();
  return closure;
}

/** The shop's holidays that have not ended yet. */
export async function listClosures(db: Db, actor: Actor, now: Date) {
  const shop = shopOf(actor);
  return db
    .selectFrom('shop_closures')
    .selectAll()
    .where('shop_id', '=', shop.organisationId)
    .where('ends_on', '>=', parisDate(now))
    .orderBy('starts_on')
    .limit(100)
    .execute();
}

/** The shop reopens: its series make their dates again (those still ahead). */
export async function removeClosure(db: Db, actor: Actor, id: number) {
  const shop = shopOf(actor);
  const gone = await db
    .deleteFrom('shop_closures')
    .where('id', '=', id)
    .where('shop_id', '=', shop.organisationId)
    .returning('id')
    .executeTakeFirst();
  if (!gone) throw new NotFoundError();
}

/** Closures not over yet that a shop may keep (the page lists them all). */
export const MAX_CLOSURES_PER_SHOP = 100;

/** The cap, counted with the shop's row locked (two closures at once count one after the other). */
async function checkClosureCap(trx: Db, shopId: number, now: Date) {
  await trx.selectFrom('organisations').select('id').where('id', '=', shopId).forUpdate().execute();
  const { n } = await trx
    .selectFrom('shop_closures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId)
    .where('ends_on', '>=', parisDate(now))
    .executeTakeFirstOrThrow();
  if (Number(n) >= MAX_CLOSURES_PER_SHOP)
    throw new ValidationError({ startsOn: 'series.err.too_many_closures' });
}
