import type { Kysely, Transaction } from 'kysely';
import { canManage, type Actor } from '../accounts/actor.js';
import { setPassword } from '../accounts/credentials.js';
import { createUser, findUserByEmail } from '../accounts/domain.js';
import { randomToken, sha256 } from '../accounts/tokens.js';
import type { Database } from '../db/schema.js';
import { queueEmail } from '../mail/outbox.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { getOrganisation } from './domain.js';
import type { MemberInput } from './schemas.js';

const INVITATION_DAYS = 7;

/**
 * A manager adds someone. With a password (API) and a new e-mail, the account is made and usable at
 * once. Without one, the answer is an invitation link to this organisation alone: accepting it
 * grants the membership. The link chooses the password only for the account it creates (and for
 * a new link of the same organisation while that account has none); for an account another
 * organisation invited, it is no credential: its owner accepts it signed in. An account that has
 * a password is refused, as before: its owner's password is never set from here.
 */
export async function addMember(
  db: Kysely<Database>,
  actor: Actor,
  organisationId: number,
  input: MemberInput,
  now: Date,
) {
  await getOrganisation(db, actor, organisationId);
  if (!canManage(actor, organisationId)) throw new ForbiddenError();
  return db
    .transaction()
    .execute((trx) => addMemberIn(trx, organisationId, input, now, actor.user.name));
}

/**
 * addMember's writes, inside the caller's transaction `trx`, for a caller that has checked the
 * actor may manage the organisation (the admin creating it with its first manager: admin.ts).
 */
export async function addMemberIn(
  trx: Transaction<Database>,
  organisationId: number,
  input: MemberInput,
  now: Date,
  /** who invites, named in the mail */
  inviter = '',
) {
  let user = await findUserByEmail(trx, input.email);
  let setsPassword = true;
  if (user) {
    const already = await trx
      .selectFrom('memberships')
      .select('user_id')
      .where('user_id', '=', user.id)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    // an account with a password is its owner's: it is never invited, nor given one here
    if (already || input.password || user.password_hash)
      throw new ValidationError({ email: 'err.email_taken' });
    const ours = await trx
      .selectFrom('invitations')
      .select('token_hash')
      .where('user_id', '=', user.id)
      .where('organisation_id', '=', organisationId)
      .where('sets_password', '=', true)
      .executeTakeFirst();
    setsPassword = !!ours;
  } else {
    user = await createUser(trx, {
      email: input.email,
      name: input.name ?? input.email.split('@')[0],
      password: input.password ?? null,
    });
    if (input.password) {
      await trx
        .insertInto('memberships')
        .values({ user_id: user.id, organisation_id: organisationId, role: input.role })
        .execute();
      return { userId: user.id, invitation: null, setsPassword: false, mailed: false };
    }
  }
  // one link per person and organisation: a new one replaces the one waiting
  await trx
    .deleteFrom('invitations')
    .where('user_id', '=', user.id)
    .where('organisation_id', '=', organisationId)
    .where('used_at', 'is', null)
    .execute();
  const invitation = randomToken();
  await trx
    .insertInto('invitations')
    .values({
      token_hash: await sha256(invitation),
      user_id: user.id,
      organisation_id: organisationId,
      role: input.role,
      sets_password: setsPassword,
      expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
    })
    .execute();
  const mailed = await mailInvitation(
    trx,
    { userId: user.id, organisationId, invitation, inviter },
    now,
  );
  return { userId: user.id, invitation, setsPassword, mailed };
}

/**
 * The link goes by e-mail too, in the transaction that makes it (the manager's page still shows
 * it, to copy or share). The token is dropped from the outbox row once the mail is sent.
 */
async function mailInvitation(
  trx: Transaction<Database>,
  m: { userId: number; organisationId: number; invitation: string; inviter: string },
  now: Date,
) {
  const org = await trx
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', m.organisationId)
    .executeTakeFirstOrThrow();
  return queueEmail(
    trx,
    {
      userId: m.userId,
      template: 'invitation',
      key: `invite:${await sha256(m.invitation)}`,
      params: { organisation: org.name, inviter: m.inviter, days: INVITATION_DAYS },
      links: { accept: `/invitations/${m.invitation}` },
    },
    now,
  );
}

export async function findInvitation(db: Kysely<Database>, token: string, now: Date) {
  const inv = await db
    .selectFrom('invitations as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .select([
      'u.id as userId',
      'u.email',
      'u.name',
      'i.organisation_id as organisationId',
      'o.name as organisationName',
      'i.role',
      (eb) =>
        eb
          .and([eb('i.sets_password', '=', true), eb('u.password_hash', 'is', null)])
          .as('setsPassword'),
    ])
    .where('i.token_hash', '=', await sha256(token))
    .where('i.used_at', 'is', null)
    .where('i.expires_at', '>', now)
    .executeTakeFirst();
  return inv && { ...inv, setsPassword: Boolean(inv.setsPassword) };
}
export type Invitation = NonNullable<Awaited<ReturnType<typeof findInvitation>>>;

export class InvitationNeedsSignInError extends ForbiddenError {
  constructor() {
    super('err.invitation_signin', 'invitation_needs_sign_in');
  }
}

/**
 * Accept THAT link: it is spent, and its organisation's membership granted to its account.
 * `password`: the link chooses the account's password (only where the link may, see addMember),
 * which ends every other session and API token of the account. `userId`: the account signed in,
 * which must be the one invited.
 */
export async function acceptInvitation(
  db: Kysely<Database>,
  token: string,
  by: { password: string } | { userId: number },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('invitations')
      .set({ used_at: now })
      .where('token_hash', '=', await sha256(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['user_id', 'organisation_id', 'role', 'sets_password'])
      .executeTakeFirst();
    if (!used) throw new NotFoundError('err.invitation');
    const user = await trx
      .selectFrom('users')
      .selectAll()
      .where('id', '=', used.user_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if ('password' in by) {
      if (!used.sets_password || user.password_hash) throw new InvitationNeedsSignInError();
      await setPassword(trx, user, by.password);
    } else if (by.userId !== user.id) throw new InvitationNeedsSignInError();
    // the link went to the account's address: opening it proves the address, as a confirmation
    // link does (an association approved on an invited member's address, not only its signer's)
    if (!user.email_confirmed_at)
      await trx
        .updateTable('users')
        .set({ email_confirmed_at: now })
        .where('id', '=', user.id)
        .where('email_confirmed_at', 'is', null)
        .execute();
    await trx
      .insertInto('memberships')
      .values({ user_id: user.id, organisation_id: used.organisation_id, role: used.role })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return { userId: user.id, organisationId: used.organisation_id };
  });
}
