import type { Kysely } from 'kysely';
import { membershipOfKind, type Actor } from '../accounts/actor.js';
import type { Database, Donation, DonationStatus, Organisation } from '../db/schema.js';
import { isId } from '../shared/ids.js';
import { ForbiddenError } from '../shared/errors.js';

export type Db = Kysely<Database>;

/** A donation with the names a page shows: its shop (and how to reach it) and its claimer. */
export interface DonationView extends Donation {
  shop_name: string;
  shop_address: string | null;
  shop_town: string | null;
  shop_phone: string | null;
  association_name: string | null;
  /** the claimer's food-aid approval: without a valid one, no tax receipt (organisations/identity.ts) */
  association_approval_level: Organisation['approval_level'];
  association_approval_ends_on: string | null;
}

/** The donation `id` with its shop and claimer; undefined when there is none (or `id` names no row). */
export async function loadDonation(db: Db, id: number) {
  if (!isId(id)) return undefined;
  return db
    .selectFrom('donations as d')
    .innerJoin('organisations as s', 's.id', 'd.shop_id')
    .leftJoin('organisations as a', 'a.id', 'd.claimed_by')
    .selectAll('d')
    .select([
      's.name as shop_name',
      's.address as shop_address',
      's.town as shop_town',
      's.phone as shop_phone',
      'a.name as association_name',
      'a.approval_level as association_approval_level',
      'a.approval_ends_on as association_approval_ends_on',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst() as Promise<DonationView | undefined>;
}

export interface StateChange {
  donationId: number;
  from: DonationStatus | null;
  to: DonationStatus;
  actor: Actor | null;
  orgId: number | null;
  at: Date;
  note?: string | null;
  /** why (a code), where the change has one: a claim given back */
  reason?: string | null;
}

/** The history row of a change of state. */
export function eventRow(e: Omit<StateChange, 'donationId'>) {
  return {
    from_status: e.from,
    to_status: e.to,
    actor_user_id: e.actor?.user.id ?? null,
    actor_org_id: e.orgId,
    note: e.note ?? null,
    reason: e.reason ?? null,
    at: e.at,
  };
}

/** Writes a change of state into the donation's history, in the caller's transaction. */
export async function recordEvent(trx: Db, e: StateChange) {
  await trx
    .insertInto('donation_events')
    .values({ donation_id: e.donationId, ...eventRow(e) })
    .execute();
}

/** The shop the actor acts for; only shops post and withdraw donations. */
export function shopOf(actor: Actor) {
  const m = membershipOfKind(actor, 'shop');
  if (!m) throw new ForbiddenError('don.err.shop_only');
  return m;
}

/** The association the actor acts for, once an admin approved it: only those claim. */
export function associationOf(actor: Actor) {
  const m = membershipOfKind(actor, 'association');
  if (!m) throw new ForbiddenError('don.err.association_only');
  if (!m.approved) throw new ForbiddenError('don.err.not_approved');
  return m;
}
