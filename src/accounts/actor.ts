import type { Kysely } from 'kysely';
import type { Database, MemberRole, OrganisationKind, User } from '../db/schema.js';

export interface Membership {
  organisationId: number;
  role: MemberRole;
  kind: OrganisationKind;
  name: string;
  approved: boolean;
}

/** Who is acting: the user, their memberships, and the organisation they act for. */
export interface Actor {
  user: User;
  memberships: Membership[];
  org: Membership | null;
}

export async function loadActor(db: Kysely<Database>, user: User): Promise<Actor> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['m.organisation_id', 'm.role', 'o.kind', 'o.name', 'o.approved'])
    .where('m.user_id', '=', user.id)
    .orderBy('m.created_at')
    .execute();
  const memberships = rows.map((r) => ({
    organisationId: r.organisation_id,
    role: r.role,
    kind: r.kind,
    name: r.name,
    approved: r.approved,
  }));
  return { user, memberships, org: memberships[0] ?? null };
}

export function isMemberOf(actor: Actor, organisationId: number) {
  return actor.memberships.some((m) => m.organisationId === organisationId);
}

export function canManage(actor: Actor, organisationId: number) {
  return (
    actor.user.is_admin ||
    actor.memberships.some((m) => m.organisationId === organisationId && m.role === 'manager')
  );
}

export function membershipOfKind(actor: Actor, kind: OrganisationKind) {
  return actor.memberships.find((m) => m.kind === kind) ?? null;
}
