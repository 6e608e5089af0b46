import type { Kysely } from 'kysely';
import type { Database, TraceIdentities, TraceParty } from '../db/schema.js';

/** An organisation as the traceability record names it: name, address, legal identity. */
async function partyOf(db: Kysely<Database>, id: number): Promise<TraceParty> {
  const o = await db
    .selectFrom('organisations')
    .select(['name', 'address', 'postcode', 'town', 'siret', 'siren', 'rna'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const place = [o.address, [o.postcode, o.town].filter(Boolean).join(' ')].filter(Boolean);
  return {
    name: o.name,
    address: place.length ? place.join(', ') : null,
    siret: o.siret,
    siren: o.siren,
    rna: o.rna,
  };
}

/**
 * Both parties and the driver at the moment of the handover, written onto the donation: the
 * record ("bordereau") is kept 5 years, and names change, accounts close, members leave.
 */
export async function identitiesAt(
  db: Kysely<Database>,
  shopId: number,
  associationId: number,
  driverId: number,
): Promise<TraceIdentities> {
  const driver = await db
    .selectFrom('users')
    .select('name')
    .where('id', '=', driverId)
    .executeTakeFirst();
  return {
    shop: await partyOf(db, shopId),
    association: await partyOf(db, associationId),
    driver: driver?.name ?? null,
  };
}
