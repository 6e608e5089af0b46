import type { Kysely } from 'kysely';
import type {
  Database,
  MemberRole,
  NewOrganisation,
  OrganisationKind,
} from '../../src/db/schema.js';
import { hashPassword } from '../../src/accounts/passwords.js';

export const PASSWORD = 'correct-horse-battery';
let hashed: Promise<string> | null = null;
let seq = 0;

/** Organisations around Lyon's Croix-Rousse by default; override anything. */
export async function createOrganisation(
  db: Kysely<Database>,
  kind: OrganisationKind,
  overrides: Partial<NewOrganisation> = {},
) {
  seq++;
  return db
    .insertInto('organisations')
    .values({
      kind,
      name: `${kind} ${seq}`,
      address: `${seq} rue de la République`,
      town: 'Lyon',
      postcode: '69001',
      lat: 45.7676,
      lng: 4.8344,
      phone: null,
      min_kg: null,
      max_kg: null,
      accepted_categories: null,
      pickup_days: JSON.stringify([1, 2, 3, 4, 5, 6, 7]),
      pickup_from: null,
      pickup_until: null,
      approved: true,
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createUser(
  db: Kysely<Database>,
  opts: {
    organisationId?: number;
    role?: MemberRole;
    isAdmin?: boolean;
    email?: string;
    name?: string;
    /** false: an address not confirmed yet (as after sign-up) */
    confirmed?: boolean;
  } = {},
) {
  seq++;
  hashed ??= hashPassword(PASSWORD); // one slow hash for the whole file
  const user = await db
    .insertInto('users')
    .values({
      email: opts.email ?? `user${seq}-${Math.random().toString(36).slice(2, 7)}@example.org`,
      name: opts.name ?? `User ${seq}`,
      password_hash: await hashed,
      is_admin: opts.isAdmin ?? false,
      email_confirmed_at: opts.confirmed === false ? null : new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (opts.organisationId)
    await db
      .insertInto('memberships')
      .values({
        user_id: user.id,
        organisation_id: opts.organisationId,
        role: opts.role ?? 'manager',
      })
      .execute();
  return user;
}

/** An organisation with one manager; returns both. */
export async function createOrgWithUser(
  db: Kysely<Database>,
  kind: OrganisationKind,
  overrides: Partial<NewOrganisation> = {},
  role: MemberRole = 'manager',
) {
  const org = await createOrganisation(db, kind, overrides);
  const user = await createUser(db, { organisationId: org.id, role });
  return { org, user };
}
