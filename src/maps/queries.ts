import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** An organisation's name and place, to show it on a map (its own members' pages only). */
export async function organisationPlace(db: Kysely<Database>, organisationId: number) {
  const row = await db
    .selectFrom('organisations')
    .select(['name', 'lat', 'lng'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
  return row ?? null;
}
