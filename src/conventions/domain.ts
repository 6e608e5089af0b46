import { sql, type Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Convention, ConventionSide, Database } from '../db/schema.js';
import { approvedOn } from '../organisations/identity.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { parisToday } from '../shared/period.js';
import { tellOtherSide } from './news.js';
import { partnersOf, seriesForPair } from './queries.js';
import type { ProposeInput } from './schemas.js';
import {
  otherSide,
  partyOf,
  stateOf,
  type ConventionRecord,
  type ConventionTerms,
} from './terms.js';

type Db = Kysely<Database>;

/** A proposal for a pair that already has one pending or in force: "proposed twice". */
export class ConventionExistsError extends ConflictError {
  constructor(field: string) {
    super('convention_exists', 'conv.err.exists', { [field]: 'conv.err.exists' });
  }
}

/** The agreement is no longer in the state the action needs (answered, ended). */
export class ConventionStateError extends ConflictError {
  constructor() {
    super('convention_state', 'conv.err.state');
  }
}

const managesOf = (actor: Actor, id: number) =>
  actor.memberships.some((m) => m.organisationId === id && m.role === 'manager');

/** The side the actor manages in the agreement, or null (admin, members, third organisations). */
export function sideOf(actor: Actor, c: Pick<Convention, 'shop_id' | 'association_id'>) {
  if (managesOf(actor, c.shop_id)) return 'shop' as const;
  if (managesOf(actor, c.association_id)) return 'association' as const;
  return null;
}

/** Both identities from the profiles and the regular donations, as of now. */
async function termsOf(db: Db, shopId: number, associationId: number, now: Date) {
  const orgs = await db
    .selectFrom('organisations')
    .selectAll()
    .where('id', 'in', [shopId, associationId])
    .execute();
  const shop = orgs.find((o) => o.id === shopId && o.kind === 'shop');
  const association = orgs.find((o) => o.id === associationId && o.kind === 'association');
  return { shop, association, series: await seriesForPair(db, shopId, associationId, now) };
}

/** An agreement's row is in force on `today`, or waiting for its answer: a second is refused. */
const inForceOrPending = (today: string) =>
  sql<boolean>`(status = 'pending' or status = 'active' and (ends_on is null or ends_on >= ${today}))`;

/**
 * A manager of the shop or of the association proposes an agreement to the other side. The other
 * side must be one it works with (partnersOf); the association must be approved for food aid on
 * the start day (L.541-15-6: an approved association). A pair with an agreement pending or in
 * force is refused (409, on the other side's field), under a lock of the shop's row so that two
 * proposals at once cannot both pass.
 */
export async function proposeConvention(db: Db, actor: Actor, input: ProposeInput, now: Date) {
  const side: ConventionSide | null = managesOf(actor, input.shopId)
    ? 'shop'
    : managesOf(actor, input.associationId)
      ? 'association'
      : null;
  if (!side) throw new ForbiddenError('conv.err.not_manager');
  const field = side === 'shop' ? 'associationId' : 'shopId';
  const { shop, association, series } = await termsOf(db, input.shopId, input.associationId, now);
  if (!shop || !association) throw new ValidationError({ [field]: 'conv.err.not_partner' });
  const mine = side === 'shop' ? shop : association;
  const partners = await partnersOf(db, { id: mine.id, kind: side }, now);
  const theirs = side === 'shop' ? association.id : shop.id;
  if (!partners.some((p) => p.id === theirs))
    throw new ValidationError({ [field]: 'conv.err.not_partner' });
  if (!approvedOn(association, input.startsOn) || !association.approved)
    throw new ValidationError({
      [side === 'shop' ? 'associationId' : 'startsOn']: 'conv.err.not_habilitated',
    });
  const terms: ConventionTerms = { shop: partyOf(shop), association: partyOf(association), series };
  const today = parisToday(now);
  try {
    return await db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('organisations')
        .select('id')
        .where('id', '=', shop.id)
        .forUpdate()
        .execute();
      const existing = await trx
        .selectFrom('conventions')
        .select('id')
        .where('shop_id', '=', shop.id)
        .where('association_id', '=', association.id)
        .where(inForceOrPending(today))
        .executeTakeFirst();
      if (existing) throw new ConventionExistsError(field);
      const row = await trx
        .insertInto('conventions')
        .values({
          shop_id: shop.id,
          association_id: association.id,
          proposed_by_side: side,
          proposed_by: actor.user.id,
          proposed_at: now,
          categories: JSON.stringify(input.categories),
          pickup_arrangements: input.pickupArrangements,
          quality_contact: input.qualityContact ?? null,
          starts_on: input.startsOn,
          ends_on: input.endsOn ?? null,
          terms: JSON.stringify(terms),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await tellOtherSide(trx, row, 'proposed', side, now);
      return row;
    });
  } catch (e) {
    // the pending pair's unique index: another proposal got in first
    if ((e as { code?: string }).code === '23505') throw new ConventionExistsError(field);
    throw e;
  }
}

/**
 * The agreement as its readers see it: managers of either side and the platform admin. A member
 * of either side who is not a manager is refused (403); anyone else is told there is none (404).
 */
export async function getConvention(
  db: Db,
  actor: Actor,
  id: number,
  now: Date,
): Promise<ConventionRecord> {
  const row = await db
    .selectFrom('conventions as c')
    .leftJoin('users as p', 'p.id', 'c.proposed_by')
    .leftJoin('users as a', 'a.id', 'c.answered_by')
    .leftJoin('users as e', 'e.id', 'c.ended_by')
    .selectAll('c')
    .select(['p.name as proposed_by_name', 'a.name as answered_by_name', 'e.name as ended_by_name'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError();
  if (!actor.user.is_admin && !sideOf(actor, row)) {
    const member = actor.memberships.some(
      (m) => m.organisationId === row.shop_id || m.organisationId === row.association_id,
    );
    if (member) throw new ForbiddenError('conv.err.not_manager');
    throw new NotFoundError();
  }
  return recordOf(row, parisToday(now));
}

type RowWithNames = Convention & {
  proposed_by_name: string | null;
  answered_by_name: string | null;
  ended_by_name: string | null;
};

const recordOf = (r: RowWithNames, today: string): ConventionRecord => {
  const { proposed_by_name, answered_by_name, ended_by_name, ...row } = r;
  return {
    row,
    terms: row.terms as unknown as ConventionTerms,
    state: stateOf(row, today),
    proposedByName: proposed_by_name,
    answeredByName: answered_by_name,
    endedByName: ended_by_name,
  };
};

/** The agreements of the organisations the actor manages (shops and associations), newest first. */
export async function listConventions(db: Db, actor: Actor, now: Date, orgId?: number) {
  const ids = actor.memberships
    .filter((m) => m.role === 'manager' && (orgId == null || m.organisationId === orgId))
    .map((m) => m.organisationId);
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('conventions as c')
    .leftJoin('users as p', 'p.id', 'c.proposed_by')
    .leftJoin('users as a', 'a.id', 'c.answered_by')
    .leftJoin('users as e', 'e.id', 'c.ended_by')
    .selectAll('c')
    .select(['p.name as proposed_by_name', 'a.name as answered_by_name', 'e.name as ended_by_name'])
    .where((eb) => eb.or([eb('c.shop_id', 'in', ids), eb('c.association_id', 'in', ids)]))
    .orderBy('c.proposed_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(500)
    .execute();
  const today = parisToday(now);
  return rows.map((r) => recordOf(r, today));
}

/** The side that answers a pending proposal: the one that did not make it. */
async function pendingForAnswer(db: Db, actor: Actor, id: number, now: Date) {
  const c = await getConvention(db, actor, id, now);
  const side = sideOf(actor, c.row);
  if (side !== otherSide(c.row.proposed_by_side))
    throw new ForbiddenError('conv.err.other_side', 'not_other_side');
  if (c.row.status !== 'pending') throw new ConventionStateError();
  return c;
}

/**
 * A manager of the other side accepts the proposal online: who and when are recorded, and the
 * identities and regular donations are taken again as they are now (what both sides agree to).
 * One guarded update: a second acceptance, or one after a decline, is refused (409).
 */
export async function acceptConvention(db: Db, actor: Actor, id: number, now: Date) {
  const c = await pendingForAnswer(db, actor, id, now);
  const { shop, association, series } = await termsOf(db, c.row.shop_id, c.row.association_id, now);
  const terms =
    shop && association
      ? { shop: partyOf(shop), association: partyOf(association), series }
      : c.terms;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('conventions')
      .set({
        status: 'active',
        answered_by: actor.user.id,
        answered_at: now,
        terms: JSON.stringify(terms),
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new ConventionStateError();
    await tellOtherSide(trx, row, 'accepted', otherSide(row.proposed_by_side), now);
    return row;
  });
}

/** A manager of the other side declines the proposal (a reason may be given). */
export async function declineConvention(
  db: Db,
  actor: Actor,
  id: number,
  reason: string | null,
  now: Date,
) {
  await pendingForAnswer(db, actor, id, now);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('conventions')
      .set({
        status: 'declined',
        answered_by: actor.user.id,
        answered_at: now,
        decline_reason: reason,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new ConventionStateError();
    await tellOtherSide(trx, row, 'declined', otherSide(row.proposed_by_side), now);
    return row;
  });
}

/**
 * Either side ends an active agreement, with a reason; the side that proposed may withdraw its
 * proposal while it waits (the other side declines it instead). Who, when and why are kept; the
 * row stays, in the pair's history.
 */
export async function endConvention(db: Db, actor: Actor, id: number, reason: string, now: Date) {
  const c = await getConvention(db, actor, id, now);
  const side = sideOf(actor, c.row);
  if (!side) throw new ForbiddenError('conv.err.not_manager');
  const from = c.row.status;
  if (from === 'pending' && side !== c.row.proposed_by_side)
    throw new ForbiddenError('conv.err.decline_instead', 'not_proposer');
  if (from !== 'pending' && from !== 'active') throw new ConventionStateError();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('conventions')
      .set({
        status: from === 'pending' ? 'withdrawn' : 'ended',
        ended_by: actor.user.id,
        ended_at: now,
        end_reason: reason,
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new ConventionStateError();
    await tellOtherSide(trx, row, from === 'pending' ? 'withdrawn' : 'ended', side, now);
    return row;
  });
}
