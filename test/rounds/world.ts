// A town for the rounds' tests: one association at the start, shops north and south of it, an
// open donation at each (windows from the test clock's 09:00 Paris), and a second association.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { buildApp } from '../helpers/app.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrgWithUser } from '../helpers/factories.js';

export const START = { lat: 45.7676, lng: 4.8344 };
const MIN = 60_000;
/** A place `km` north of the start (negative: south). */
export const north = (km: number) => ({ lat: START.lat + km / 111.195, lng: START.lng });

export async function roundWorld(db: Kysely<Database>) {
  const built = buildApp(db);
  const t0 = built.clock.now();
  const assoc = await createOrgWithUser(
    db,
    'association',
    { ...START, radius_km: 15, name: 'Épicerie du plateau' },
    'member',
  );
  const other = await createOrgWithUser(db, 'association', { ...START, radius_km: 15 });
  /** An open donation at a new shop `km` north, its window in minutes from now. */
  const donationAt = async (km: number, fromMin = 0, untilMin = 240) => {
    const shop = await createOrgWithUser(db, 'shop', { ...north(km), name: `Commerce ${km} km` });
    return createDonation(db, {
      shopId: shop.org.id,
      description: `Invendus à ${km} km`,
      quantity_kg: 4,
      created_at: t0,
      pickup_from: new Date(t0.getTime() + fromMin * MIN),
      pickup_until: new Date(t0.getTime() + untilMin * MIN),
    });
  };
  return { ...built, t0, assoc, other, donationAt };
}

/** The handover code of a claimed donation, as the shop reads it out. */
export async function codeOf(db: Kysely<Database>, id: number) {
  const d = await db
    .selectFrom('donations')
    .select('handover_code')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return d.handover_code!;
}

/** The donations of a round, in the order driven. */
export async function stopOrder(db: Kysely<Database>, roundId: number) {
  const rows = await db
    .selectFrom('round_stops')
    .select(['donation_id', 'late', 'moved'])
    .where('round_id', '=', roundId)
    .orderBy('position')
    .execute();
  return rows;
}
