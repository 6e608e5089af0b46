import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import { transportBand } from './rules.js';
import type { TransportCostInput } from './schemas.js';

/**
 * Transport of free distribution paid as unit costs by distance (2022/126 art. 25): a scale of
 * bands ("up to N km: X EUR per 100 kg") from a date on, each scale in force until the next.
 */

/** Every band, newest scale first. */
export function listTransportCosts(db: Kysely<Database>) {
  return db
    .selectFrom('withdrawal_transport_costs')
    .selectAll()
    .orderBy('valid_from', 'desc')
    .orderBy('up_to_km')
    .execute();
}

/** The scale in force on a date: the bands of the latest `valid_from` not after it. */
export async function transportScaleOn(db: Kysely<Database>, date: string) {
  const latest = await db
    .selectFrom('withdrawal_transport_costs')
    .select('valid_from')
    .where('valid_from', '<=', date)
    .orderBy('valid_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return [];
  const rows = await db
    .selectFrom('withdrawal_transport_costs')
    .select(['up_to_km', 'eur_per_100kg'])
    .where('valid_from', '=', latest.valid_from)
    .execute();
  return rows.map((r) => ({ upToKm: r.up_to_km, eurPer100Kg: Number(r.eur_per_100kg) }));
}

/** EUR per 100 kg of transport for an operation of that date and distance (a field error when none). */
export async function transportCostOn(db: Kysely<Database>, date: string, distanceKm: number) {
  const band = transportBand(await transportScaleOn(db, date), distanceKm);
  if (!band) throw new ValidationError({ distanceKm: 'wd.err.no_transport_cost' });
  return band.eurPer100Kg;
}

/** The operator adds (or corrects) one band of a scale. */
export async function setTransportCost(
  db: Kysely<Database>,
  actor: Actor,
  input: TransportCostInput,
) {
  if (!actor.user.is_admin) throw new ForbiddenError();
  return db
    .insertInto('withdrawal_transport_costs')
    .values({
      valid_from: input.validFrom,
      up_to_km: input.upToKm,
      eur_per_100kg: input.eurPer100Kg.toFixed(2),
      source: input.source,
      created_by: actor.user.id,
    })
    .onConflict((oc) =>
      oc.columns(['valid_from', 'up_to_km']).doUpdateSet((eb) => ({
        eur_per_100kg: eb.ref('excluded.eur_per_100kg'),
        source: eb.ref('excluded.source'),
        created_by: eb.ref('excluded.created_by'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const transportCostToApi = (r: Awaited<ReturnType<typeof listTransportCosts>>[number]) => ({
  validFrom: r.valid_from,
  upToKm: r.up_to_km,
  eurPer100Kg: r.eur_per_100kg,
  source: r.source,
});
