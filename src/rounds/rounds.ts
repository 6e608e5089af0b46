import type { Actor } from '../accounts/actor.js';
import type { Donation } from '../db/schema.js';
import { claimDonation } from '../donations/claims.js';
import { associationOf, type Db } from '../donations/donation.js';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  TooManyAttemptsError,
  ValidationError,
} from '../shared/errors.js';
import { isId } from '../shared/ids.js';
import { planRound, type Place } from './route-order.js';

/** A round has at most this many stops: one car, one morning (Phenix's rounds, 7 stops). */
export const MAX_STOPS = 7;

/** A donation of the selection the round did not get, and why (an i18n key). */
export interface LostStop {
  donationId: number;
  code: string;
  message: string;
}

/** None of the donations chosen could be claimed: no round is made. */
export class RoundEmptyError extends ConflictError {
  constructor(public readonly lost: LostStop[]) {
    super('round_empty', 'round.err.none_won');
  }
}

/** The ids chosen: 1 to MAX_STOPS distinct donations (else the field's message). */
export function checkSelection(ids: number[]) {
  if (!ids.length) throw new ValidationError({ donationIds: 'round.err.none_chosen' });
  if (ids.some((id) => !isId(id))) throw new ValidationError({ donationIds: 'round.err.bad_id' });
  if (new Set(ids).size !== ids.length)
    throw new ValidationError({ donationIds: 'round.err.twice' });
  if (ids.length > MAX_STOPS) throw new ValidationError({ donationIds: 'round.err.too_many' });
}

/** The refusals of a single claim that leave the rest of the round as it is. */
const lostBecause = (e: unknown) =>
  e instanceof ConflictError ||
  e instanceof ForbiddenError ||
  e instanceof NotFoundError ||
  e instanceof TooManyAttemptsError;

/**
 * The driver claims the donations chosen in one go. Each goes through claimDonation, the same
 * rules and the same race as a single claim (exactly one association wins each). Partial, not
 * all-or-nothing: the round keeps those it won and says which it lost, since a driver would rather
 * go for four shops than for none because a fifth was taken meanwhile. One transaction (the
 * claims, the round and its stops together, or nothing), the claims in id order so that two
 * rounds over the same donations wait for each other instead of deadlocking. The stops are then
 * ordered from `start` (the driver's position) or the association's place.
 */
export async function createRound(
  db: Db,
  actor: Actor,
  input: { donationIds: number[]; start?: Place | null },
  now: Date,
) {
  const assoc = associationOf(actor);
  checkSelection(input.donationIds);
  const ids = [...input.donationIds].sort((a, b) => a - b);
  const result = await db.transaction().execute(async (trx) => {
    const won: Donation[] = [];
    const lost: LostStop[] = [];
    for (const id of ids) {
      try {
        won.push(await claimDonation(trx, actor, id, now));
      } catch (e) {
        if (!lostBecause(e)) throw e;
        const err = e as DomainError;
        lost.push({ donationId: id, code: err.code, message: err.message });
      }
    }
    if (!won.length) return { round: null, won, lost };
    const home = await trx
      .selectFrom('organisations')
      .select(['lat', 'lng'])
      .where('id', '=', assoc.organisationId)
      .executeTakeFirstOrThrow();
    const start = input.start ?? { lat: Number(home.lat), lng: Number(home.lng) };
    const plan = planRound(
      start,
      won.map((d) => ({
        id: d.id,
        lat: Number(d.lat),
        lng: Number(d.lng),
        from: new Date(d.pickup_from),
        until: new Date(d.pickup_until),
      })),
      now,
    );
    const round = await trx
      .insertInto('rounds')
      .values({
        association_id: assoc.organisationId,
        created_by: actor.user.id,
        start_lat: start.lat,
        start_lng: start.lng,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('round_stops')
      .values(
        plan.map((p, i) => ({
          round_id: round.id,
          donation_id: p.stop.id,
          position: i + 1,
          planned_at: p.at,
          late: p.late,
          moved: p.moved,
        })),
      )
      .execute();
    return { round, won, lost };
  });
  const { round, won, lost } = result;
  if (!round) throw new RoundEmptyError(lost);
  return { round, won, lost };
}
