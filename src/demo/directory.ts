// The demo's public directory (issue #19): both territories publish their page, and a few of the
// town's shops and associations chose what they show, each a different set of fields.
import type { Insertable, Kysely } from 'kysely';
import type { Database, DirectoryEntriesTable } from '../db/schema.js';

type Choice = Omit<Insertable<DirectoryEntriesTable>, 'organisation_id'>;

const base: Choice = { listed: true, show_name: true, show_kind: true };

/** By the demo key of each organisation (town.ts): what it shows. */
export const DEMO_DIRECTORY: Record<string, Choice> = {
  territoire: { listed: true },
  territoire16: { listed: true },
  epicerie: {
    ...base,
    location: 'commune',
    serves_grocery: true,
    hours: 'Mardi et jeudi 14 h – 18 h\nSamedi 9 h – 12 h',
    new_beneficiaries: true,
  },
  repas: {
    ...base,
    location: 'address',
    serves_meals: true,
    serves_parcels: true,
    new_beneficiaries: false,
    phone: '+33478000000',
  },
  boulangerie: { ...base, location: 'address', show_giving: true },
  primeur: { ...base, location: 'commune', show_giving: true, website: 'https://example.org/' },
  halles: { ...base, location: 'address', show_giving: true },
  gare: { ...base, location: 'commune', serves_parcels: true, email: 'contact@example.org' },
};

export async function seedDemoDirectory(trx: Kysely<Database>, ids: Record<string, number>) {
  const rows = Object.entries(DEMO_DIRECTORY)
    .filter(([key]) => ids[key] != null)
    .map(([key, choice]) => ({ organisation_id: ids[key]!, ...choice }));
  if (rows.length) await trx.insertInto('directory_entries').values(rows).execute();
}
