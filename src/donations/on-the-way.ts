import { isMemberOf, type Actor } from '../accounts/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { parisDate, parisLocalToDate } from '../shared/time.js';
import { loadDonation, type Db } from './donation.js';

/**
 * "Je suis en route": the claiming association's driver says when they expect to be at the shop
 * (a Paris time today, between now and the end of the window), which the shop sees on its
 * donation page. Said again, it moves the time; releasing the claim clears it.
 */
export async function setOnTheWay(
  db: Db,
  actor: Actor,
  id: number,
  arrivalTime: string,
  now: Date,
) {
  const d = await loadDonation(db, id);
  if (!d || !d.claimed_by || !isMemberOf(actor, d.claimed_by)) throw new NotFoundError();
  const arrival = parisLocalToDate(parisDate(now), arrivalTime);
  const early = now.getTime() - 5 * 60_000;
  if (!arrival || arrival.getTime() < early || arrival > d.pickup_until)
    throw new ValidationError({ arrivalTime: 'don.err.arrival' });
  const set = await db
    .updateTable('donations')
    .set({ on_the_way_at: now, arrival_at: arrival })
    .where('id', '=', id)
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', d.claimed_by)
    .returningAll()
    .executeTakeFirst();
  if (!set) throw new ConflictError('not_claimed', 'don.err.not_claimed');
  return set;
}
