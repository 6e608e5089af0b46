import { sql } from 'kysely';
import { canManage, membershipOfKind, type Actor } from '../accounts/actor.js';
import type { Db } from '../donations/donation.js';
import type { HubPartnerStatus } from '../db/schema.js';
import { distanceKm } from '../donations/matching.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { HUB_MAX_PARTNERS } from './rules.js';
import type { HubInput } from './schemas.js';

/** The association the actor acts for (approved or not: a hub may be set up before approval). */
export function associationMember(actor: Actor) {
  const m = membershipOfKind(actor, 'association');
  if (!m) throw new ForbiddenError('don.err.association_only');
  return m;
}

function managerOf(actor: Actor) {
  const m = associationMember(actor);
  if (!canManage(actor, m.organisationId)) throw new ForbiddenError('hub.err.manager_only');
  return m;
}

export interface HubPartner {
  partnerId: number;
  name: string;
  status: HubPartnerStatus;
  answeredAt: Date | null;
}

/** The actor's association as a hub: its cold storage, its hub row (or null) and its partners. */
export async function myHub(db: Db, actor: Actor) {
  const m = associationMember(actor);
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'storage_chilled', 'storage_frozen', 'lat', 'lng'])
    .where('id', '=', m.organisationId)
    .executeTakeFirstOrThrow();
  const hub = await db
    .selectFrom('hubs')
    .selectAll()
    .where('organisation_id', '=', m.organisationId)
    .executeTakeFirst();
  const partners: HubPartner[] = hub
    ? (
        await db
          .selectFrom('hub_partners as hp')
          .innerJoin('organisations as o', 'o.id', 'hp.partner_id')
          .select(['hp.partner_id', 'o.name', 'hp.status', 'hp.answered_at'])
          .where('hp.hub_id', '=', m.organisationId)
          .orderBy('o.name')
          .execute()
      ).map((p) => ({
        partnerId: p.partner_id,
        name: p.name,
        status: p.status,
        answeredAt: p.answered_at,
      }))
    : [];
  return {
    org,
    hub: hub ?? null,
    partners,
    canManage: canManage(actor, m.organisationId),
    // an association with no cold storage is only ever a hub's partner (unless it was a hub before)
    partnerOnly: !hub && !org.storage_chilled && !org.storage_frozen,
  };
}

/** Approved associations within 30 km of the hub that it may name (the nearest 50), and those named. */
export async function partnerCandidates(db: Db, hubId: number) {
  const { rows } = await sql<{ id: number; name: string; town: string | null; km: number }>`
    select o.id, o.name, o.town, ${distanceKm(sql`h.lat`, sql`h.lng`, sql`o.lat`, sql`o.lng`)} as km
    from organisations h join organisations o on o.kind = 'association' and o.approved and o.id <> h.id
    where h.id = ${hubId}
      and (${distanceKm(sql`h.lat`, sql`h.lng`, sql`o.lat`, sql`o.lng`)} <= 30
        or exists (select 1 from hub_partners hp where hp.hub_id = h.id and hp.partner_id = o.id and hp.status <> 'ended'))
    order by 4, o.id limit 50`.execute(db);
  return rows;
}

/**
 * A manager declares the association a hub (or changes it): its capacity, chilled in what its
 * fridge or cold room keeps, frozen in its freezer (each only with that storage on its profile),
 * its opening hours, and the partners it names (approved associations, at most HUB_MAX_PARTNERS).
 * A newly named partner is invited and must accept; one left out is ended (its claims in flight
 * go on); one named again after it ended is invited again.
 */
export async function declareHub(db: Db, actor: Actor, input: HubInput, now: Date) {
  const m = managerOf(actor);
  const org = await db
    .selectFrom('organisations')
    .select(['storage_chilled', 'storage_frozen'])
    .where('id', '=', m.organisationId)
    .executeTakeFirstOrThrow();
  const f: Record<string, string> = {};
  if (!org.storage_chilled && !org.storage_frozen) f.capacityChilledKg = 'hub.err.no_cold_storage';
  else {
    if (input.capacityChilledKg > 0 && !org.storage_chilled)
      f.capacityChilledKg = 'hub.err.no_fridge';
    if (input.capacityFrozenKg > 0 && !org.storage_frozen)
      f.capacityFrozenKg = 'hub.err.no_freezer';
    if (input.capacityChilledKg <= 0 && input.capacityFrozenKg <= 0)
      f.capacityChilledKg ??= 'hub.err.no_capacity';
  }
  const partnerIds = [...new Set(input.partnerIds)];
  if (partnerIds.length > HUB_MAX_PARTNERS) f.partnerIds = 'hub.err.too_many_partners';
  if (partnerIds.includes(m.organisationId)) f.partnerIds = 'hub.err.self_partner';
  if (!f.partnerIds && partnerIds.length) {
    const found = await db
      .selectFrom('organisations')
      .select('id')
      .where('id', 'in', partnerIds)
      .where('kind', '=', 'association')
      .where('approved', '=', true)
      .execute();
    if (found.length !== partnerIds.length) f.partnerIds = 'hub.err.unknown_partner';
  }
  if (Object.keys(f).length) throw new ValidationError(f);
  return db.transaction().execute(async (trx) => {
    const values = {
      capacity_chilled_kg: input.capacityChilledKg,
      capacity_frozen_kg: input.capacityFrozenKg,
      opening_hours: input.openingHours,
      active: input.active ?? true,
      updated_at: now,
    };
    await trx
      .insertInto('hubs')
      .values({ organisation_id: m.organisationId, ...values, created_at: now })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
      .execute();
    const ended = trx
      .updateTable('hub_partners')
      .set({ status: 'ended', answered_at: now, answered_by: actor.user.id })
      .where('hub_id', '=', m.organisationId)
      .where('status', '<>', 'ended');
    await (partnerIds.length ? ended.where('partner_id', 'not in', partnerIds) : ended).execute();
    for (const partnerId of partnerIds)
      await trx
        .insertInto('hub_partners')
        .values({
          hub_id: m.organisationId,
          partner_id: partnerId,
          invited_by: actor.user.id,
          invited_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['hub_id', 'partner_id'])
            .doUpdateSet({
              status: 'invited',
              invited_by: actor.user.id,
              invited_at: now,
              answered_by: null,
              answered_at: null,
            })
            .where('hub_partners.status', '=', 'ended'),
        )
        .execute();
    return myHub(trx, actor);
  });
}

/** The hubs that named the actor's association: invitations to answer and partnerships. */
export async function hubsOfPartner(db: Db, actor: Actor) {
  const m = associationMember(actor);
  return db
    .selectFrom('hub_partners as hp')
    .innerJoin('hubs as h', 'h.organisation_id', 'hp.hub_id')
    .innerJoin('organisations as o', 'o.id', 'hp.hub_id')
    .select([
      'hp.hub_id',
      'o.name',
      'o.address',
      'o.town',
      'hp.status',
      'h.opening_hours',
      'h.active',
      'hp.invited_at',
      'hp.answered_at',
    ])
    .where('hp.partner_id', '=', m.organisationId)
    .where('hp.status', '<>', 'ended')
    .orderBy('o.name')
    .execute();
}

/**
 * A manager of the partner accepts the hub's invitation, or declines it (which also ends a
 * partnership accepted before). Any other association: 404.
 */
export async function answerHub(
  db: Db,
  actor: Actor,
  hubId: number,
  decision: 'accept' | 'decline',
  now: Date,
) {
  const m = associationMember(actor);
  const row = await db
    .selectFrom('hub_partners')
    .selectAll()
    .where('hub_id', '=', hubId)
    .where('partner_id', '=', m.organisationId)
    .where('status', '<>', 'ended')
    .executeTakeFirst();
  if (!row) throw new NotFoundError();
  if (!canManage(actor, m.organisationId)) throw new ForbiddenError('hub.err.manager_only');
  if (decision === 'accept' && row.status !== 'invited')
    throw new ConflictError('not_invited', 'hub.err.not_invited');
  const done = await db
    .updateTable('hub_partners')
    .set({
      status: decision === 'accept' ? 'accepted' : 'ended',
      answered_by: actor.user.id,
      answered_at: now,
    })
    .where('hub_id', '=', hubId)
    .where('partner_id', '=', m.organisationId)
    .where('status', '=', row.status)
    .returningAll()
    .executeTakeFirst();
  if (!done) throw new ConflictError('not_invited', 'hub.err.not_invited');
  return done;
}
