import { sql, type Kysely } from 'kysely';
import { canManage, isMemberOf, type Actor } from '../accounts/actor.js';
import { createUser } from '../accounts/domain.js';
import { sendSignUpConfirmation } from '../accounts/email-confirmation.js';
import type { Database, Organisation, OrganisationUpdate } from '../db/schema.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Geocoder } from '../places/geocoder.js';
import { addressStateOf, assertAddressConfirmed } from './approval.js';
import { identityColumns, identityToApi } from './identity.js';
import { movedByHand, placeColumns } from './placing.js';
import type { CreateOrganisationInput, SignUpInput, UpdateOrganisationInput } from './schemas.js';

function columns(input: UpdateOrganisationInput): OrganisationUpdate {
  const c: OrganisationUpdate = {};
  if (input.name !== undefined) c.name = input.name;
  if (input.address !== undefined) c.address = input.address ?? null;
  if (input.town !== undefined) c.town = input.town ?? null;
  if (input.postcode !== undefined) c.postcode = input.postcode ?? null;
  if (input.phone !== undefined) c.phone = input.phone ?? null;
  if (input.accessNotes !== undefined) c.access_notes = input.accessNotes ?? null;
  if (input.pickupPhone !== undefined) c.pickup_phone = input.pickupPhone ?? null;
  if (input.radiusKm !== undefined) c.radius_km = input.radiusKm;
  if (input.acceptedCategories !== undefined)
    c.accepted_categories = input.acceptedCategories
      ? JSON.stringify(input.acceptedCategories)
      : null;
  if (input.storage !== undefined) {
    c.storage_chilled = input.storage.chilled;
    c.storage_frozen = input.storage.frozen;
  }
  if (input.sameDayCapacity !== undefined) c.same_day_capacity = input.sameDayCapacity;
  if (input.minKg !== undefined) c.min_kg = input.minKg;
  if (input.maxKg !== undefined) c.max_kg = input.maxKg;
  if (input.pickupDays !== undefined)
    c.pickup_days = JSON.stringify([...new Set(input.pickupDays)].sort());
  if (input.pickupFrom !== undefined) c.pickup_from = input.pickupFrom;
  if (input.pickupUntil !== undefined) c.pickup_until = input.pickupUntil;
  return { ...c, ...identityColumns(input) };
}

/**
 * `geocoder`: where an address without coordinates is looked up (the API); without it, the
 * coordinates are needed. `chosen`: the place the form chose beforehand (places/choose.ts).
 */
export async function createOrganisation(
  db: Kysely<Database>,
  actor: Actor,
  input: CreateOrganisationInput,
  geocoder?: Geocoder,
  chosen?: OrganisationUpdate,
) {
  if (!actor.user.is_admin) throw new ForbiddenError();
  // looked up before anything is written: an unknown address saves nothing
  const place = chosen ?? (await placeColumns(input, geocoder, true));
  if (place.lat == null || place.lng == null)
    throw new ValidationError({ lat: 'err.required', lng: 'err.required' });
  return db
    .insertInto('organisations')
    .values({
      kind: input.kind,
      name: input.name,
      pickup_days: JSON.stringify([1, 2, 3, 4, 5, 6, 7]),
      ...columns(input),
      ...place,
      approved: input.approved ?? input.kind !== 'association',
    } as any)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An organisation the actor may see: their own, or any for a platform admin. */
export async function getOrganisation(db: Kysely<Database>, actor: Actor, id: number) {
  if (!actor.user.is_admin && !isMemberOf(actor, id)) throw new NotFoundError();
  const org = await db
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!org) throw new NotFoundError();
  return org;
}

export async function updateOrganisation(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: UpdateOrganisationInput,
  geocoder?: Geocoder,
  chosen?: OrganisationUpdate,
) {
  await getOrganisation(db, actor, id);
  if (!canManage(actor, id)) throw new ForbiddenError();
  if (input.approved !== undefined && !actor.user.is_admin) throw new ForbiddenError();
  const place = chosen ?? (await placeColumns(input, geocoder, false));
  const set = { ...columns(input), ...place };
  if (input.approved !== undefined) set.approved = input.approved;
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const min = set.min_kg !== undefined ? set.min_kg : current.min_kg;
    const max = set.max_kg !== undefined ? set.max_kg : current.max_kg;
    if (min != null && max != null && Number(min) > Number(max))
      throw new ValidationError({ maxKg: 'err.min_max' });
    if (set.approved === true && !current.approved) await assertAddressConfirmed(trx, id);
    // receipts rest on the food-aid approval: changed by the association itself, the admin checks it again
    if (!actor.user.is_admin && current.approved && approvalChanged(set, current))
      set.approved = false;
    Object.assign(set, movedByHand(set, current));
    if (Object.keys(set).length === 0) return current;
    return trx
      .updateTable('organisations')
      .set(set)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function setApproval(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  approved: boolean,
) {
  return updateOrganisation(db, actor, id, { approved });
}

export async function listOrganisations(
  db: Kysely<Database>,
  actor: Actor,
  opts: { pendingOnly?: boolean } = {},
) {
  if (!actor.user.is_admin) throw new ForbiddenError();
  let q = db
    .selectFrom('organisations as o')
    .selectAll('o')
    .select(addressStateOf.as('address_state'))
    .orderBy('approved')
    .orderBy('kind')
    .orderBy('name');
  if (opts.pendingOnly) q = q.where('approved', '=', false);
  return q.execute();
}

/** How many associations wait for the admin's approval (the admin's home page). */
export async function countPendingApprovals(db: Kysely<Database>, actor: Actor) {
  if (!actor.user.is_admin) throw new ForbiddenError();
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('kind', '=', 'association')
    .where('approved', '=', false)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A shop or an association registers itself; an association waits for an admin's approval, which
 * waits for the address to be confirmed: the link leaves with the account, in its transaction.
 * `place`: where it is, chosen beforehand (places/choose.ts): its coordinates at least.
 */
export async function signUp(
  db: Kysely<Database>,
  input: SignUpInput,
  place: OrganisationUpdate,
  lang: string,
  now: Date,
) {
  const { lat, lng } = place;
  if (lat == null || lng == null)
    throw new ValidationError({ lat: 'err.required', lng: 'err.required' });
  return db.transaction().execute(async (trx) => {
    const user = await createUser(trx, {
      email: input.email,
      name: input.name,
      password: input.password,
      lang,
    });
    const org = await trx
      .insertInto('organisations')
      .values({
        kind: input.kind,
        name: input.orgName,
        address: input.address ?? null,
        town: input.town ?? null,
        postcode: input.postcode ?? null,
        ...place,
        lat,
        lng,
        min_kg: null,
        max_kg: null,
        phone: null,
        accepted_categories: null,
        pickup_from: null,
        pickup_until: null,
        pickup_days: JSON.stringify([1, 2, 3, 4, 5, 6, 7]),
        approved: input.kind === 'shop',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('memberships')
      .values({ user_id: user.id, organisation_id: org.id, role: 'manager' })
      .execute();
    // the address is confirmed by a link before an admin approves (organisations/approval)
    await sendSignUpConfirmation(trx, user.id, now, false);
    return { user, org };
  });
}

export async function listMembers(db: Kysely<Database>, actor: Actor, organisationId: number) {
  await getOrganisation(db, actor, organisationId);
  const members = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'u.id',
      'u.email',
      'u.name',
      'm.role',
      (eb) => eb('u.password_hash', 'is not', null).$castTo<boolean>().as('active'),
    ])
    .where('m.organisation_id', '=', organisationId);
  // people invited who have not accepted yet are listed too, waiting
  const invited = db
    .selectFrom('invitations as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .select(['u.id', 'u.email', 'u.name', 'i.role', sql<boolean>`false`.as('active')])
    .where('i.organisation_id', '=', organisationId)
    .where('i.used_at', 'is', null);
  return db
    .selectFrom(members.unionAll(invited).as('p'))
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export function organisationToApi(o: Organisation) {
  return {
    id: o.id,
    kind: o.kind,
    name: o.name,
    address: o.address,
    town: o.town,
    postcode: o.postcode,
    phone: o.phone,
    accessNotes: o.access_notes,
    pickupPhone: o.pickup_phone,
    lat: o.lat,
    lng: o.lng,
    citycode: o.citycode,
    addressLabel: o.address_label,
    approved: o.approved,
    radiusKm: o.radius_km,
    acceptedCategories: o.accepted_categories,
    storage: { chilled: o.storage_chilled, frozen: o.storage_frozen },
    sameDayCapacity: o.same_day_capacity,
    minKg: o.min_kg,
    maxKg: o.max_kg,
    pickupDays: o.pickup_days,
    pickupFrom: o.pickup_from,
    pickupUntil: o.pickup_until,
    ...identityToApi(o),
  };
}

/** A column's value to compare: dates as their day (a Date or 'YYYY-MM-DD...'), the rest as text. */
const dayOf = (v: unknown) =>
  v == null
    ? ''
    : v instanceof Date
      ? v.toISOString().slice(0, 10)
      : /^\d{4}-\d{2}-\d{2}/.test(String(v))
        ? String(v).slice(0, 10)
        : String(v);

/** Whether an update changes the approval's level, number or end date. */
function approvalChanged(set: OrganisationUpdate, current: Organisation) {
  return (
    ['approval_level', 'approval_number', 'approval_starts_on', 'approval_ends_on'] as const
  ).some((k) => k in set && dayOf(set[k]) !== dayOf(current[k]));
}
