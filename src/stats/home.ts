// The territory's home page figures: what its area collected this month and what waits there now.
import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { parseStatsQuery } from '../shared/period.js';
import { inScope } from '../shared/scope.js';
import { statsForActor } from './figures.js';

/**
 * This month's pickups in the actor's scope (its area, for a territory) and the donations of the
 * area's shops still open to a claim at `now`. Scoped as the dashboard is: nothing outside it.
 */
export async function territoryHomeFigures(db: Kysely<Database>, actor: Actor, now: Date) {
  const q = parseStatsQuery({ period: 'month' }, now);
  const { scope, stats } = await statsForActor(db, actor, q);
  const open = await db
    .selectFrom('donations')
    .select((eb) => [
      eb.fn.countAll<string>().as('n'),
      eb.fn.coalesce(eb.fn.sum<string>('quantity_kg'), eb.val('0')).as('kg'),
    ])
    .where('status', '=', 'open')
    .where('pickup_until', '>', now)
    // an open donation has no association yet: only its shop can put it in the scope
    .where(inScope(scope, 'shop_id', 'claimed_by'))
    .executeTakeFirstOrThrow();
  return {
    stats,
    areaEmpty: !scope.all && !scope.shopIds.length && !scope.associationIds.length,
    openDonations: Number(open.n),
    openKg: Number(open.kg),
  };
}
export type TerritoryHomeFigures = Awaited<ReturnType<typeof territoryHomeFigures>>;
