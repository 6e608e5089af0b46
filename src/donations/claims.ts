import { sql } from 'kysely';
import { inTransaction } from '../db/transaction.js';
import { isMemberOf, type Actor } from '../accounts/actor.js';
import type { Donation, DonationStatus, ReleaseReason } from '../db/schema.js';
import { isId } from '../shared/ids.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors.js';
import { churnColumns, TooManyReleasesError } from './claim-churn.js';
import { queueClaimMails } from './claim-mail.js';
import { byWhom, shortDescription, tellShop } from './shop-news.js';
import { associationOf, loadDonation, recordEvent, type Db } from './donation.js';
import { newHandoverCode } from './handover.js';
import { distanceKm, fitsAssociation } from './matching.js';
import { queueUrgentReoffer } from '../notifications/urgent-alert.js';
import { URGENT_RELEASE_MINUTES } from './rules.js';

/** Taken by someone else, closed, over, or (with its message) not for this association. */
export class NotAvailableError extends ConflictError {
  constructor(message = 'don.err.not_available') {
    super('not_available', message);
  }
}

/**
 * One tap: the association takes the donation. One guarded statement decides the race and writes
 * the history with it: exactly one claimer finds the donation still open and fitting; the others
 * learn why they did not get it from a second look. An association or user that keeps claiming
 * and releasing is held back (claim-churn.ts).
 */
export async function claimDonation(db: Db, actor: Actor, id: number, now: Date) {
  const assoc = associationOf(actor);
  if (!isId(id)) throw new NotFoundError();
  const by = { associationId: assoc.organisationId, userId: actor.user.id };
  // the shop's mail is written with the claim, or neither is
  return inTransaction(db, async (trx) => {
    const result = await sql<
      Donation & {
        fits: boolean;
        own: boolean;
        seen_status: DonationStatus;
        churn_same: boolean;
        churn_any: boolean;
      }
    >`
    with a as (select * from organisations where id = ${assoc.organisationId}),
    d0 as (
      select d.id, d.status as seen_status,
        (${fitsAssociation} and ${distanceKm(sql`a.lat`, sql`a.lng`, sql`d.lat`, sql`d.lng`)} <= a.radius_km) as fits,
        exists (select 1 from memberships m where m.user_id = ${actor.user.id} and m.organisation_id = d.shop_id) as own,
        ${churnColumns(by, sql`d.id`, now)}
      from donations d, a where d.id = ${id}
    ),
    c as (
      update donations d set status = 'claimed', claimed_by = ${assoc.organisationId}, claimed_by_user = ${actor.user.id}, claimed_at = ${now},
        handover_code = ${newHandoverCode()}
      from d0
      where d.id = d0.id and d0.fits and not d0.own and not d0.churn_same and not d0.churn_any
        and d.status = 'open' and d.pickup_until > ${now}
      returning d.*
    ),
    e as (
      insert into donation_events (donation_id, from_status, to_status, actor_user_id, actor_org_id, at)
      select id, 'open', 'claimed', ${actor.user.id}, ${assoc.organisationId}, ${now} from c
    )
    select c.*, d0.fits, d0.own, d0.seen_status, d0.churn_same, d0.churn_any from d0 left join c on true`.execute(
      trx,
    );
    // one statement also tells the losers why: gone (race, closed, over), not theirs, or their own
    const row = result.rows[0];
    if (!row) throw new NotFoundError();
    if (row.id != null && row.status === 'claimed') {
      const {
        fits: _f,
        own: _o,
        seen_status: _s,
        churn_same: _cs,
        churn_any: _ca,
        ...claimed
      } = row;
      await queueClaimMails(trx, claimed as Donation, actor, assoc.name, now);
      return claimed as Donation;
    }
    if (row.own) throw new ForbiddenError('don.err.own_donation', 'own_donation');
    if (!row.fits && row.seen_status === 'open') throw new NotAvailableError('don.err.not_for_you');
    if (row.seen_status === 'open' && row.churn_same)
      throw new TooManyReleasesError('sameDonation');
    if (row.seen_status === 'open' && row.churn_any) throw new TooManyReleasesError('association');
    throw new NotAvailableError();
  });
}

/**
 * The claiming association gives the donation back before pickup, saying why (RELEASE_REASONS,
 * kept in its history): it opens again. Its code goes; the wrong codes typed stay counted
 * (handover.ts). Close to the end of the window (URGENT_RELEASE_MINUTES) every association it
 * fits is told at once, as urgent, in the same transaction.
 */
export async function releaseClaim(
  db: Db,
  actor: Actor,
  id: number,
  now: Date,
  reason: ReleaseReason | null = null,
) {
  const d = await loadDonation(db, id);
  if (!d || !d.claimed_by || !isMemberOf(actor, d.claimed_by)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const reopened = await trx
      .updateTable('donations')
      .set({
        status: 'open',
        claimed_by: null,
        claimed_by_user: null,
        claimed_at: null,
        handover_code: null,
        on_the_way_at: null,
        arrival_at: null,
        hub_id: null, // a claim through a relay hub goes with the claim
        hub_collector: null,
      })
      .where('id', '=', id)
      .where('status', '=', 'claimed')
      .where('claimed_by', '=', d.claimed_by)
      .returningAll()
      .executeTakeFirst();
    if (!reopened) throw new ConflictError('not_claimed', 'don.err.not_claimed');
    await recordEvent(trx, {
      donationId: id,
      from: 'claimed',
      to: 'open',
      actor,
      orgId: d.claimed_by,
      at: now,
      note: 'released',
      reason,
    });
    await tellShop(
      trx,
      {
        shopId: d.shop_id,
        donationId: id,
        kind: 'donation_released',
        template: 'donation_released',
        key: `released:${id}:${d.claimed_at ? new Date(d.claimed_at).toISOString() : ''}`,
        params: {
          ...byWhom(actor, d.claimed_by!),
          reason: reason ?? '',
          description: shortDescription(d),
        },
      },
      now,
    );
    if (reopened.pickup_until.getTime() - now.getTime() < URGENT_RELEASE_MINUTES * 60_000)
      await queueUrgentReoffer(trx, reopened, d.claimed_by!, now);
    return reopened;
  });
}
