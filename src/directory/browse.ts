import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { organisationPlace } from '../maps/queries.js';
import type { loadTerritory } from '../shared/scope.js';
import { directoryCommunes, listDirectory } from './listing.js';
import { directoryQuerySchema } from './schemas.js';

type Territory = Awaited<ReturnType<typeof loadTerritory>>;

/**
 * What a territory's public page shows for these filters: a bad filter is reported and the page
 * shown unfiltered. A signed-in shop, association or producer organisation sees the nearest
 * first, measured to the points shown (never to a place an organisation did not show).
 */
export async function browseDirectory(
  db: Kysely<Database>,
  territory: Territory,
  query: Record<string, string>,
  actor: Actor | null,
  now: Date,
) {
  const parsed = directoryQuerySchema.safeParse(query);
  const own = actor?.org && actor.org.kind !== 'territory' ? actor.org : null;
  const place = own ? await organisationPlace(db, own.organisationId) : null;
  const filters = parsed.success ? parsed.data : {};
  const communes = await directoryCommunes(db, territory, now);
  const page = await listDirectory(db, territory, filters, now, place);
  return {
    issues: parsed.success ? null : parsed.error.issues,
    listing: { communes, ...page, from: place?.name ?? null },
  };
}
