import { canManage, isMemberOf, membershipOfKind, type Actor } from '../accounts/actor.js';
import { sql } from 'kysely';
import type { SeriesArrangement } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { Db } from '../donations/donation.js';
import { distanceKm } from '../donations/matching.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { isId } from '../shared/ids.js';
import { withdrawPendingOffers } from './offer-withdrawals.js';

/** How long before the window the association must have decided, when the shop says nothing. */
export const DEFAULT_CONFIRM_MINUTES = 24 * 60;

/** Ended already (or never accepted and ended meanwhile): nothing to do with it. */
export class ArrangementClosedError extends ConflictError {
  constructor() {
    super('arrangement_closed', 'arr.err.closed');
  }
}

/** The association is beyond CHOICES_KM of the shop: the proposal form would not list it. */
export class AssociationTooFarError extends ValidationError {
  constructor() {
    super({ associationId: 'arr.err.association_too_far' });
  }

  override get vars() {
    return { km: CHOICES_KM };
  }
}

/**
 * The shop offers a series' dates first to one association, in the caller's transaction. An
 * association must exist and be approved (only approved bodies receive), and be within
 * CHOICES_KM of the shop, measured as the form measures it (associationChoices); the series'
 * live arrangement with another one ends first (the history keeps it), the same one stays as it is.
 */
export async function proposeArrangement(
  trx: Db,
  actor: Actor,
  series: { id: number; shop_id: number },
  associationId: number,
  confirmMinutes: number,
  now: Date,
) {
  const shop = await trx
    .selectFrom('organisations')
    .select(['lat', 'lng'])
    .where('id', '=', series.shop_id)
    .executeTakeFirstOrThrow();
  const assoc = isId(associationId)
    ? await trx
        .selectFrom('organisations as a')
        .select(['a.id', 'a.kind', 'a.approved'])
        .select(distanceKm(shop.lat, shop.lng, sql`a.lat`, sql`a.lng`).as('distance_km'))
        .where('a.id', '=', associationId)
        .executeTakeFirst()
    : undefined;
  if (!assoc || assoc.kind !== 'association' || !assoc.approved)
    throw new ValidationError({ associationId: 'arr.err.association_unknown' });
  const live = await liveArrangement(trx, series.id);
  // the one already agreed stays, as far as it is (the 100 km rule came later): only a new
  // association must be within reach
  if (live?.association_id === associationId) return live;
  if (Number(assoc.distance_km) > CHOICES_KM) throw new AssociationTooFarError();
  if (live) await closeArrangement(trx, actor, live, series.shop_id, 'arr.reason.replaced', now);
  const row = await trx
    .insertInto('series_arrangements')
    .values({
      series_id: series.id,
      shop_id: series.shop_id,
      association_id: associationId,
      confirm_minutes: confirmMinutes,
      proposed_by: actor.user.id,
      proposed_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('donation_series')
    .set({ association_id: associationId })
    .where('id', '=', series.id)
    .execute();
  return row;
}

/** The proposed or active arrangement of a series, if any. */
export function liveArrangement(db: Db, seriesId: number) {
  return db
    .selectFrom('series_arrangements')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('status', 'in', ['proposed', 'active'])
    .executeTakeFirst();
}

/** An arrangement the actor's shop or association is party to, or NotFoundError. */
export async function loadArrangement(db: Db, actor: Actor, id: number) {
  const a = isId(id)
    ? await db.selectFrom('series_arrangements').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!a || !(isMemberOf(actor, a.shop_id) || isMemberOf(actor, a.association_id)))
    throw new NotFoundError('arr.err.not_found');
  return a;
}

/** A manager of the association accepts the shop's proposal: from now on its dates come first. */
export async function acceptArrangement(db: Db, actor: Actor, id: number, now: Date) {
  const a = await loadArrangement(db, actor, id);
  if (!isMemberOf(actor, a.association_id) || !canManage(actor, a.association_id))
    throw new ForbiddenError('arr.err.managers_only');
  const accepted = await db
    .updateTable('series_arrangements')
    .set({ status: 'active', accepted_by: actor.user.id, accepted_at: now })
    .where('id', '=', id)
    .where('status', '=', 'proposed')
    .returningAll()
    .executeTakeFirst();
  if (accepted) return accepted;
  if (a.status === 'active') return a; // accepted twice: once
  throw new ArrangementClosedError();
}

/**
 * Either side ends the arrangement (a shop member, or a manager of the association; declining a
 * proposal is ending it), saying why. The dates still waiting for an answer go back to the plain
 * occurrence job (posted to the usual waves at their lead time); confirmed ones stay claimed.
 */
export async function endArrangement(db: Db, actor: Actor, id: number, reason: string, now: Date) {
  const a = await loadArrangement(db, actor, id);
  const side = isMemberOf(actor, a.shop_id) ? a.shop_id : a.association_id;
  if (side === a.association_id && !canManage(actor, a.association_id))
    throw new ForbiddenError('arr.err.managers_only');
  if (a.status === 'ended') throw new ArrangementClosedError();
  return inTransaction(db, async (trx) => {
    const ended = await closeArrangement(trx, actor, a, side, reason, now);
    if (!ended) throw new ArrangementClosedError();
    return ended;
  });
}

async function closeArrangement(
  trx: Db,
  actor: Actor,
  a: SeriesArrangement,
  byOrg: number,
  reason: string,
  now: Date,
) {
  const ended = await trx
    .updateTable('series_arrangements')
    .set({
      status: 'ended',
      ended_at: now,
      ended_by: actor.user.id,
      ended_by_org: byOrg,
      end_reason: reason,
    })
    .where('id', '=', a.id)
    .where('status', 'in', ['proposed', 'active'])
    .returningAll()
    .executeTakeFirst();
  if (!ended) return undefined;
  await withdrawPendingOffers(trx, { arrangementId: a.id }, now, { release: true });
  await trx
    .updateTable('donation_series')
    .set({ association_id: null })
    .where('id', '=', a.series_id)
    .where('association_id', '=', a.association_id)
    .execute();
  return ended;
}

/**
 * The shop ends the arrangement of a series when it has one (PATCH associationId: null, or the
 * series itself ends), in the caller's transaction.
 */
export async function endLiveArrangement(
  trx: Db,
  actor: Actor,
  series: { id: number; shop_id: number },
  now: Date,
  reason = 'arr.reason.by_shop',
) {
  const live = await liveArrangement(trx, series.id);
  if (live) await closeArrangement(trx, actor, live, series.shop_id, reason, now);
}

export interface ArrangementRow extends SeriesArrangement {
  shop_name: string;
  association_name: string;
  description: string;
  weekdays: number;
  pickup_from_time: string;
  pickup_until_time: string;
}

/**
 * The arrangements of the actor's organisation (a shop's or an association's), live ones first,
 * then the history (at most 100).
 */
export async function listArrangements(db: Db, actor: Actor): Promise<ArrangementRow[]> {
  const org = membershipOfKind(actor, 'shop') ?? membershipOfKind(actor, 'association');
  if (!org) throw new ForbiddenError();
  const column = org.kind === 'shop' ? 'a.shop_id' : 'a.association_id';
  return db
    .selectFrom('series_arrangements as a')
    .innerJoin('donation_series as s', 's.id', 'a.series_id')
    .innerJoin('organisations as shop', 'shop.id', 'a.shop_id')
    .innerJoin('organisations as assoc', 'assoc.id', 'a.association_id')
    .selectAll('a')
    .select([
      'shop.name as shop_name',
      'assoc.name as association_name',
      's.description',
      's.weekdays',
      's.pickup_from_time',
      's.pickup_until_time',
    ])
    .where(column, '=', org.organisationId)
    .orderBy((eb) => eb.case().when('a.status', '=', 'ended').then(1).else(0).end())
    .orderBy('a.id', 'desc')
    .limit(100)
    .execute();
}

/** How many associations the proposal form lists, and how far it looks (km). */
export const CHOICES_MAX = 50;
export const CHOICES_KM = 100;

/**
 * The approved associations the actor's shop may propose an arrangement to: the nearest first,
 * within CHOICES_KM, at most CHOICES_MAX (a box on the (kind, lat) index, then the exact
 * distance); each with its distance in km.
 */
export async function associationChoices(db: Db, actor: Actor) {
  const shop = membershipOfKind(actor, 'shop');
  if (!shop) return [];
  const at = await db
    .selectFrom('organisations')
    .select(['lat', 'lng'])
    .where('id', '=', shop.organisationId)
    .executeTakeFirst();
  if (!at) return [];
  const dLat = CHOICES_KM / 111;
  const dLng = CHOICES_KM / (111 * Math.max(0.01, Math.cos((at.lat * Math.PI) / 180)));
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('organisations as a')
        .select(['a.id', 'a.name', 'a.town'])
        .select(distanceKm(at.lat, at.lng, sql`a.lat`, sql`a.lng`).as('distance_km'))
        .where('a.kind', '=', 'association')
        .where('a.approved', '=', true)
        .where('a.lat', '>=', at.lat - dLat)
        .where('a.lat', '<=', at.lat + dLat)
        .where('a.lng', '>=', at.lng - dLng)
        .where('a.lng', '<=', at.lng + dLng)
        .as('x'),
    )
    .selectAll()
    .where('distance_km', '<=', CHOICES_KM)
    .orderBy('distance_km')
    .orderBy('name')
    .limit(CHOICES_MAX)
    .execute();
}

export function arrangementToApi(a: SeriesArrangement & Partial<ArrangementRow>) {
  return {
    id: a.id,
    seriesId: a.series_id,
    shopId: a.shop_id,
    shopName: a.shop_name ?? null,
    associationId: a.association_id,
    associationName: a.association_name ?? null,
    status: a.status,
    confirmHoursBefore: a.confirm_minutes / 60,
    proposedAt: a.proposed_at.toISOString(),
    acceptedAt: a.accepted_at ? a.accepted_at.toISOString() : null,
    endedAt: a.ended_at ? a.ended_at.toISOString() : null,
    endedBy: a.ended_at ? { organisationId: a.ended_by_org, userId: a.ended_by } : null,
    endReason: a.end_reason,
  };
}
