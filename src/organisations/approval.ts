import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { RuleBrokenError } from '../shared/errors.js';

/**
 * Where an organisation's people stand with their e-mail: one of them confirmed their address
 * ('confirmed'), none yet ('unconfirmed'), or it has nobody ('none': made by an admin, who
 * vouches for it).
 */
export type EmailAddressState = 'confirmed' | 'unconfirmed' | 'none';

/** An SQL expression of the address state of the organisation `o`. */
export const addressStateOf = sql<EmailAddressState>`(select case
    when count(*) = 0 then 'none'
    when count(u.email_confirmed_at) > 0 then 'confirmed'
    else 'unconfirmed' end
  from memberships m join users u on u.id = m.user_id where m.organisation_id = o.id)`;

/** An admin cannot approve an organisation whose people have confirmed no address yet. */
export class AddressNotConfirmedError extends RuleBrokenError {
  constructor() {
    super('email_not_confirmed', 'admin.err.unconfirmed', { approved: 'admin.err.unconfirmed' });
  }
}

/** Refuses an approval until one of the organisation's people has confirmed their address. */
export async function assertAddressConfirmed(db: Kysely<Database>, organisationId: number) {
  const row = await db
    .selectFrom('organisations as o')
    .select(addressStateOf.as('state'))
    .where('o.id', '=', organisationId)
    .executeTakeFirstOrThrow();
  if (row.state === 'unconfirmed') throw new AddressNotConfirmedError();
}
