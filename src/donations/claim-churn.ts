import { sql } from 'kysely';
import { TooManyAttemptsError } from '../shared/errors.js';

const HOUR = 3_600_000;

/**
 * Claiming and releasing over and over gave a guesser a fresh start on the handover code, and
 * tells the shop and the other associations again each time. Releases are counted from the
 * donations' history (claimed -> open), by the releasing association or the releasing user:
 * - the same donation: after 2 releases in 12 h (a donation's whole pickup window, as a rule)
 *   that association or user cannot claim it again before 12 h have passed since the first;
 * - any donation: after 6 releases in an hour, no new claim before the oldest is an hour old (an
 *   association giving back a morning's pickups because its driver is ill stays under it).
 * Releasing is never refused: food given back can go to someone else.
 * The counts are read in the claim's own statement; claims of one association running at the
 * same moment may each pass a count that is one short, so a burst can go a few over the cap.
 */
export const CLAIM_CHURN = {
  sameDonation: { releases: 2, windowMs: 12 * HOUR },
  association: { releases: 6, windowMs: HOUR },
} as const;

/** Past either limit the claim is refused; no wait is computed, so no Retry-After is sent. */
export class TooManyReleasesError extends TooManyAttemptsError {
  constructor(which: keyof typeof CLAIM_CHURN) {
    super(
      which === 'sameDonation' ? 'don.err.released_too_often' : 'don.err.too_many_releases',
      null,
      'too_many_releases',
    );
  }
}

/** Releases of a donation (any, or `donationId`) by an association or a user since `since`. */
function releases(
  by: { associationId: number; userId: number },
  since: Date,
  donationId?: ReturnType<typeof sql>,
) {
  return sql<number>`(select count(*) from donation_events e
    where e.from_status = 'claimed' and e.to_status = 'open' and e.at > ${since}
      and (e.actor_org_id = ${by.associationId} or e.actor_user_id = ${by.userId})
      ${donationId ? sql`and e.donation_id = ${donationId}` : sql``})`;
}

/**
 * Two boolean columns for the claim statement: whether this claim would go past the limits,
 * `donationId` being the SQL of the donation's id there.
 */
export function churnColumns(
  by: { associationId: number; userId: number },
  donationId: ReturnType<typeof sql>,
  now: Date,
) {
  const since = (ms: number) => new Date(now.getTime() - ms);
  const { sameDonation, association } = CLAIM_CHURN;
  return sql`${releases(by, since(sameDonation.windowMs), donationId)} >= ${sameDonation.releases} as churn_same,
    ${releases(by, since(association.windowMs))} >= ${association.releases} as churn_any`;
}
