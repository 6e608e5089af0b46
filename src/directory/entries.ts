import type { Kysely } from 'kysely';
import { canManage, isMemberOf, type Actor } from '../accounts/actor.js';
import type { Database, DirectoryEntriesTable, OrganisationKind } from '../db/schema.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { DirectoryEntryInput, Service } from './schemas.js';

/** The entry of an organisation that never chose anything: nothing of it is public. */
export const UNLISTED: DirectoryEntryInput = {
  listed: false,
  showName: false,
  showKind: false,
  location: 'none',
  services: [],
  hours: null,
  newBeneficiaries: null,
  phone: null,
  email: null,
  website: null,
  showGiving: false,
};

const SERVICE_COLUMNS: Record<Service, keyof DirectoryEntriesTable> = {
  grocery: 'serves_grocery',
  parcels: 'serves_parcels',
  meals: 'serves_meals',
  other: 'serves_other',
};

/** The organisation behind an entry: a member sees it, the admin any; anything else is not found. */
async function organisationOf(db: Kysely<Database>, actor: Actor, id: number) {
  if (!actor.user.is_admin && !isMemberOf(actor, id)) throw new NotFoundError();
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'name', 'approved'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!org) throw new NotFoundError();
  return org;
}

/** What the organisation shows in its territory's directory (all false until it chooses). */
export async function getDirectoryEntry(db: Kysely<Database>, actor: Actor, id: number) {
  const org = await organisationOf(db, actor, id);
  const row = await db
    .selectFrom('directory_entries')
    .selectAll()
    .where('organisation_id', '=', id)
    .executeTakeFirst();
  const entry: DirectoryEntryInput = row
    ? {
        listed: row.listed,
        showName: row.show_name,
        showKind: row.show_kind,
        location: row.location,
        services: (Object.keys(SERVICE_COLUMNS) as Service[]).filter(
          (s) => row[SERVICE_COLUMNS[s]] === true,
        ),
        hours: row.hours,
        newBeneficiaries: row.new_beneficiaries,
        phone: row.phone,
        email: row.email,
        website: row.website,
        showGiving: row.show_giving,
      }
    : UNLISTED;
  return { org, entry };
}

/**
 * What each kind may say: services and new beneficiaries are an association's, "gives" a shop's;
 * a territory only publishes its page (or not). Anything else sent is dropped, not stored.
 */
export function fitToKind(kind: OrganisationKind, input: DirectoryEntryInput): DirectoryEntryInput {
  if (kind === 'territory') return { ...UNLISTED, listed: input.listed };
  const assoc = kind === 'association';
  return {
    ...input,
    phone: input.phone ?? null,
    services: assoc ? [...new Set(input.services)] : [],
    newBeneficiaries: assoc ? input.newBeneficiaries : null,
    showGiving: kind === 'shop' ? input.showGiving : false,
  };
}

/**
 * A card the public page would list with nothing to know it by: neither its name, a place nor a
 * contact. What only describes (kind, services, hours, new beneficiaries, "gives") is not enough:
 * "Structure du territoire · Donne" says nothing of whom. Read after fitToKind (what the kind may
 * say); listedInArea applies the same rule to what was saved before it (directory/listing.ts).
 */
export function showsNothing(e: DirectoryEntryInput) {
  return !e.showName && e.location === 'none' && !e.phone && !e.email && !e.website;
}

/**
 * A manager (or the admin) replaces the entry: one row per organisation, written in one statement.
 * Listed with nothing to show is refused beside "listed" (a territory's is its page: never empty).
 */
export async function saveDirectoryEntry(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: DirectoryEntryInput,
  now: Date,
) {
  const org = await organisationOf(db, actor, id);
  if (!canManage(actor, id)) throw new ForbiddenError();
  const e = fitToKind(org.kind, input);
  if (org.kind !== 'territory' && e.listed && showsNothing(e))
    throw new ValidationError({ listed: 'dir.err.empty_card' });
  const values = {
    listed: e.listed,
    show_name: e.showName,
    show_kind: e.showKind,
    location: e.location,
    serves_grocery: e.services.includes('grocery'),
    serves_parcels: e.services.includes('parcels'),
    serves_meals: e.services.includes('meals'),
    serves_other: e.services.includes('other'),
    hours: e.hours,
    new_beneficiaries: e.newBeneficiaries,
    phone: e.phone,
    email: e.email,
    website: e.website,
    show_giving: e.showGiving,
    updated_at: now,
  };
  await db
    .insertInto('directory_entries')
    .values({ organisation_id: id, ...values })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
    .execute();
  return { org, entry: e };
}
