import { sql, type Kysely } from 'kysely';
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

/**
 * The user behind an API token or a session, with their memberships, in one query: every request
 * pays for it, so it is one round trip instead of two.
 */
export async function actorFor(
  db: Kysely<Database>,
  credential: { tokenHash: string; now: Date } | { sessionHash: string; now: Date },
): Promise<Actor | null> {
  const memberships = sql<Membership[]>`coalesce((
      select json_agg(json_build_object('organisationId', o.id, 'role', m.role, 'kind', o.kind, 'name', o.name, 'approved', o.approved) order by m.created_at)
      from memberships m join organisations o on o.id = m.organisation_id where m.user_id = u.id), '[]'::json)`;
  const q =
    'tokenHash' in credential
      ? db
          // the token's last use, kept to the minute so a busy till does not write on every call
          .with('touched', (qb) =>
            qb
              .updateTable('api_tokens')
              .set({ last_used_at: credential.now })
              .where('token_hash', '=', credential.tokenHash)
              .where('expires_at', '>', credential.now)
              .where((eb) =>
                eb.or([
                  eb('last_used_at', 'is', null),
                  eb('last_used_at', '<', new Date(credential.now.getTime() - 60_000)),
                ]),
              )
              .returning('id'),
          )
          .selectFrom('api_tokens as t')
          .innerJoin('users as u', 'u.id', 't.user_id')
          .where('t.token_hash', '=', credential.tokenHash)
          .where('t.expires_at', '>', credential.now)
      : db
          .selectFrom('sessions as t')
          .innerJoin('users as u', 'u.id', 't.user_id')
          .where('t.id', '=', credential.sessionHash)
          .where('t.expires_at', '>', credential.now);
  const row = await q.selectAll('u').select(memberships.as('memberships_json')).executeTakeFirst();
  if (!row) return null;
  const { memberships_json, ...user } = row as typeof row & {
    memberships_json: Membership[] | string;
  };
  const list =
    typeof memberships_json === 'string'
      ? (JSON.parse(memberships_json) as Membership[])
      : memberships_json;
  return { user: user as User, memberships: list, org: list[0] ?? null };
}
