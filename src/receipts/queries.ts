import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { CARRY_YEARS } from './reduction.js';

/**
 * What the actor's shop was given receipts for, by year, over the years whose excess may still
 * count in `year` (issued receipts only; a cancelled one counts for nothing).
 */
export async function shopGiftsByYear(db: Kysely<Database>, actor: Actor, year: number) {
  const shop = actor.memberships.find((m) => m.kind === 'shop');
  if (!shop) return null;
  const rows = await db
    .selectFrom('receipts')
    .select(['year', (eb) => eb.fn.sum<string>('amount_eur').as('eur')])
    .where('shop_id', '=', shop.organisationId)
    .where('status', '=', 'issued')
    .where('year', '>=', year - CARRY_YEARS)
    .where('year', '<=', year)
    .groupBy('year')
    .execute();
  const gifts: Record<number, number> = { [year - CARRY_YEARS]: 0 };
  for (const r of rows) gifts[r.year] = Number(r.eur);
  return gifts;
}
