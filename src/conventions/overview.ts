import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { underLegalDuty } from '../organisations/identity.js';
import { ForbiddenError } from '../shared/errors.js';
import { parisToday } from '../shared/period.js';
import { listConventions } from './domain.js';
import { associationsWithoutConvention, partnersOf } from './queries.js';

/** The shop or association the actor manages agreements for: the one it acts for. */
export function actingOrg(actor: Actor) {
  const m = actor.org;
  if (!m || m.role !== 'manager' || (m.kind !== 'shop' && m.kind !== 'association'))
    throw new ForbiddenError('conv.err.not_manager');
  return { id: m.organisationId, kind: m.kind, name: m.name };
}

/** Whether the actor's shop is under the legal duty (sales area over 400 m²). */
async function dutyOf(db: Kysely<Database>, org: { id: number; kind: string }) {
  if (org.kind !== 'shop') return false;
  const o = await db
    .selectFrom('organisations')
    .select(['kind', 'sales_area_m2'])
    .where('id', '=', org.id)
    .executeTakeFirstOrThrow();
  return underLegalDuty(o);
}

/** The agreements page: the organisation's agreements and, for a shop under the duty, the gaps. */
export async function conventionsOverview(db: Kysely<Database>, actor: Actor, now: Date) {
  const org = actingOrg(actor);
  const items = await listConventions(db, actor, now, org.id);
  const missing = (await dutyOf(db, org))
    ? await associationsWithoutConvention(db, org.id, now, parisToday(now))
    : null;
  return { org, items, missing };
}

/** What the proposal form offers: the organisations the actor's one works with. */
export async function proposalChoices(db: Kysely<Database>, actor: Actor, now: Date) {
  const org = actingOrg(actor);
  return { org, partners: await partnersOf(db, org, now) };
}

/**
 * The home page's reminder, for managers: how many partner associations a shop under the duty has
 * without an agreement, and how many proposals wait for this organisation's answer.
 */
export async function conventionReminders(db: Kysely<Database>, actor: Actor, now: Date) {
  const m = actor.org;
  if (!m || m.role !== 'manager' || (m.kind !== 'shop' && m.kind !== 'association')) return null;
  const org = { id: m.organisationId, kind: m.kind };
  const col = org.kind === 'shop' ? 'shop_id' : 'association_id';
  const waiting = await db
    .selectFrom('conventions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(col, '=', org.id)
    .where('status', '=', 'pending')
    .where('proposed_by_side', '!=', org.kind)
    .executeTakeFirstOrThrow();
  const missing = (await dutyOf(db, org))
    ? (await associationsWithoutConvention(db, org.id, now, parisToday(now))).filter(
        (x) => !x.pendingId,
      ).length
    : 0;
  return { toAnswer: Number(waiting.n), missing };
}
