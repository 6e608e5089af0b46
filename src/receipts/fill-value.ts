import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';

/**
 * The shop gives the cost value it left out of a donation already picked up, so that it can be
 * on the receipt. Only a member of that shop, only while no value is set (an issued receipt keeps
 * its own copy of the value anyway).
 */
export async function fillDonationValue(
  db: Kysely<Database>,
  actor: Actor,
  donationId: number,
  valueEur: number,
) {
  if (!Number.isFinite(valueEur) || valueEur <= 0 || valueEur > 1_000_000)
    throw new ValidationError({ valueEur: 'err.positive' });
  const shops = actor.memberships.filter((m) => m.kind === 'shop').map((m) => m.organisationId);
  if (!shops.length) throw new NotFoundError();
  const done = await db
    .updateTable('donations')
    .set({ value_eur: Math.round(valueEur * 100) / 100 })
    .where('id', '=', donationId)
    .where('shop_id', 'in', shops)
    .where('status', '=', 'picked_up')
    .where('value_eur', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!done) throw new NotFoundError();
}
