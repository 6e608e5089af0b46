import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import { findUserByEmail } from '../accounts/domain.js';
import type { Database, OrganisationUpdate } from '../db/schema.js';
import { ValidationError } from '../shared/errors.js';
import { createOrganisation } from './domain.js';
import { addMemberIn } from './invitations.js';
import { memberSchema, type CreateOrganisationInput } from './schemas.js';

/**
 * The admin creates an organisation and, given `managerEmail` ('' for none), invites its first
 * manager: one transaction. The answer is the organisation and the invitation to hand over, or
 * null when there is none to give (no manager asked, or the invitation was refused: the
 * organisation is made all the same).
 *
 * An account that already has a password cannot be invited: that is said on `managerEmail`
 * before anything is created. `place`: where it is, chosen by the form (places/choose.ts).
 */
export async function createOrganisationWithManager(
  db: Kysely<Database>,
  actor: Actor,
  input: CreateOrganisationInput,
  managerEmail: string,
  now: Date,
  place?: OrganisationUpdate,
) {
  const email = managerEmail.trim();
  const manager = email ? memberSchema.safeParse({ email, role: 'manager' }) : null;
  if (manager && !manager.success) throw new ValidationError({ managerEmail: 'err.email' });
  return db.transaction().execute(async (trx) => {
    if (manager && (await findUserByEmail(trx, manager.data.email))?.password_hash)
      throw new ValidationError({ managerEmail: 'err.email_taken' });
    const org = await createOrganisation(trx, actor, input, undefined, place);
    if (!manager) return { org, invitation: null };
    const added = await addMemberIn(trx, org.id, manager.data, now).catch((e) => {
      // refused by addMember's own rules (no statement failed): the organisation stays
      if (e instanceof ValidationError) return null;
      throw e;
    });
    const invitation = added?.invitation
      ? { email, token: added.invitation, setsPassword: added.setsPassword, mailed: added.mailed }
      : null;
    return { org, invitation };
  });
}
