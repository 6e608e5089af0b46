import { sql } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Donation, DonationStatus } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { churnColumns, TooManyReleasesError } from '../donations/claim-churn.js';
import { queueClaimMails } from '../donations/claim-mail.js';
import { NotAvailableError } from '../donations/claims.js';
import { associationOf, type Db } from '../donations/donation.js';
import { newHandoverCode } from '../donations/handover.js';
import { associationDistanceKm } from '../donations/matching.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors.js';
import { hubHasRoom, hubTakes, partnerTakesViaHub } from './rules.js';
import type { HubClaimInput } from './schemas.js';

/** The hub's free capacity for that storage is smaller than the donation: refused, not warned. */
export class HubFullError extends ConflictError {
  constructor() {
    super('hub_full', 'hub.err.full');
  }
}

/**
 * A partner without a fridge claims a chilled or frozen donation through hub `hubId`: the claim
 * is the partner's (claimed_by), the hub recorded with who collects at the shop. The same one
 * guarded update as claimDonation decides the race (open, in the window, fitting, not churning);
 * the hub's row is locked first, so two claims through one hub cannot both take its last kg.
 */
export async function claimViaHub(
  db: Db,
  actor: Actor,
  hubId: number,
  input: HubClaimInput,
  now: Date,
) {
  const assoc = associationOf(actor);
  const by = { associationId: assoc.organisationId, userId: actor.user.id };
  return inTransaction(db, async (trx) => {
    const partner = await trx
      .selectFrom('hub_partners as hp')
      .innerJoin('hubs as h', 'h.organisation_id', 'hp.hub_id')
      .select('h.organisation_id')
      .where('hp.hub_id', '=', hubId)
      .where('hp.partner_id', '=', assoc.organisationId)
      .where('hp.status', '=', 'accepted')
      .forUpdate()
      .executeTakeFirst();
    if (!partner) throw new NotFoundError();
    const { rows } = await sql<
      Donation & {
        fits: boolean;
        own: boolean;
        room: boolean;
        seen_status: DonationStatus;
        churn_same: boolean;
        churn_any: boolean;
      }
    >`
    with a as (select * from organisations where id = ${assoc.organisationId}),
    d0 as (
      select d.id, d.status as seen_status,
        (${partnerTakesViaHub} and ${hubTakes} and ${associationDistanceKm} <= a.radius_km) as fits,
        ${hubHasRoom} as room,
        exists (select 1 from memberships m where m.user_id = ${actor.user.id} and m.organisation_id = d.shop_id) as own,
        ${churnColumns(by, sql`d.id`, now)}
      from donations d, a, hubs hub, organisations ho, hub_partners hp
      where d.id = ${input.donationId} and hub.organisation_id = ${hubId} and ho.id = hub.organisation_id
        and hp.hub_id = hub.organisation_id and hp.partner_id = a.id
    ),
    c as (
      update donations d set status = 'claimed', claimed_by = ${assoc.organisationId},
        claimed_by_user = ${actor.user.id}, claimed_at = ${now}, handover_code = ${newHandoverCode()},
        hub_id = ${hubId}, hub_collector = ${input.collector}
      from d0
      where d.id = d0.id and d0.fits and d0.room and not d0.own and not d0.churn_same and not d0.churn_any
        and d.status = 'open' and d.pickup_until > ${now}
      returning d.*
    ),
    e as (
      insert into donation_events (donation_id, from_status, to_status, actor_user_id, actor_org_id, at, note)
      select id, 'open', 'claimed', ${actor.user.id}, ${assoc.organisationId}, ${now}, ${`hub:${hubId}`} from c
    )
    select c.*, d0.fits, d0.own, d0.room, d0.seen_status, d0.churn_same, d0.churn_any from d0 left join c on true`.execute(
      trx,
    );
    const row = rows[0];
    if (!row) throw new NotFoundError();
    if (row.id != null && row.status === 'claimed') {
      const {
        fits: _f,
        own: _o,
        room: _r,
        seen_status: _s,
        churn_same: _cs,
        churn_any: _ca,
        ...claimed
      } = row;
      await queueClaimMails(trx, claimed as Donation, actor, assoc.name, now);
      return claimed as Donation;
    }
    if (row.own) throw new ForbiddenError('don.err.own_donation', 'own_donation');
    if (row.seen_status !== 'open') throw new NotAvailableError();
    if (!row.fits) throw new NotAvailableError('don.err.not_for_you');
    if (!row.room) throw new HubFullError();
    if (row.churn_same) throw new TooManyReleasesError('sameDonation');
    if (row.churn_any) throw new TooManyReleasesError('association');
    throw new NotAvailableError();
  });
}
