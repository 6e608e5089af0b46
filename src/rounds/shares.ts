// One car for two associations: the round's association names a partner, a member of the partner
// accepts (or declines, or leaves later), and at the end the owner says how many of the kg
// received go to the partner; the rest stays its own. Both are kept in round_shares, so each
// association's kg of the round is on record. No kg go to an association that did not accept.
import { isMemberOf, type Actor } from '../accounts/actor.js';
import type { Db } from '../donations/donation.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { isId } from '../shared/ids.js';
import { sql } from 'kysely';
import { getRound, isPartnerChoice } from './queries.js';

/** The round, for a member of its association (the partner reads it, but does not change it). */
async function ownRound(db: Db, actor: Actor, id: number) {
  const view = await getRound(db, actor, id);
  if (!view.owner) throw new NotFoundError('round.err.not_found');
  return view;
}

/** Shares the round with another approved association (or with nobody: null), before the split. */
export async function setPartner(db: Db, actor: Actor, id: number, partnerId: number | null) {
  const view = await ownRound(db, actor, id);
  if (view.shares.length) throw new ConflictError('round_split', 'round.err.split_done');
  if (partnerId != null) {
    // an approved association near the round's start, as the page offers (not any id guessed)
    const ok = isId(partnerId) && (await isPartnerChoice(db, view.round, partnerId));
    if (!ok) throw new ValidationError({ partnerId: 'round.err.bad_partner' });
  }
  await db.transaction().execute(async (trx) => {
    await lockRound(trx, id);
    // a split recorded meanwhile keeps its partner
    const split = await trx.selectFrom('round_shares').select('kg').where('round_id', '=', id);
    if (await split.executeTakeFirst())
      throw new ConflictError('round_split', 'round.err.split_done');
    await trx
      .updateTable('rounds')
      .set({ partner_id: partnerId, partner_accepted_at: null })
      .where('id', '=', id)
      .execute();
  });
}

/** The round's row, locked until the end of the transaction: its partner and split change one at a time. */
const lockRound = (trx: Db, id: number) =>
  trx
    .selectFrom('rounds')
    .select(['partner_id', 'partner_accepted_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();

/**
 * A tax receipt still issued by the round's association or its partner that covers one of the
 * round's pickups (its shop, its Paris day): the split is then frozen, or the food would be on
 * receipts for more, or less, than it weighed (a receipt says what it says once issued). Cancel
 * the receipt first (a replacement can follow the new split).
 */
async function refuseIfReceipted(trx: Db, id: number, associations: number[]) {
  const { rows } = await sql<{ number: string }>`
    select r.number from round_stops s
      join donations d on d.id = s.donation_id and d.status = 'picked_up'
      join receipts r on r.shop_id = d.shop_id and r.status = 'issued'
        and r.association_id in (${sql.join(associations)})
        and stats_local_day(d.picked_up_at) between r.period_from::date and r.period_to::date
    where s.round_id = ${id}
    limit 1`.execute(trx);
  if (rows.length) throw new ConflictError('round_receipted', 'round.err.receipted');
}

/**
 * A member of the partner answers: accepts the shared round, or declines (or leaves it later,
 * the split recorded with it going too). Anyone else: not found.
 */
export async function answerPartner(db: Db, actor: Actor, id: number, accept: boolean, now: Date) {
  const { round } = await getRound(db, actor, id);
  const partner = round.partner_id;
  if (partner == null || !isMemberOf(actor, partner))
    throw new NotFoundError('round.err.not_found');
  await db.transaction().execute(async (trx) => {
    // the round's row first (a split waits for it), then the shares that go with the partner
    const q = trx.updateTable('rounds').where('id', '=', id).where('partner_id', '=', partner);
    if (accept) return void (await q.set({ partner_accepted_at: now }).execute());
    const shared = await trx
      .selectFrom('round_shares')
      .select('association_id')
      .where('round_id', '=', id)
      .execute();
    if (shared.length) await refuseIfReceipted(trx, id, [round.association_id, partner]);
    await q.set({ partner_id: null, partner_accepted_at: null }).execute();
    await trx.deleteFrom('round_shares').where('round_id', '=', id).execute();
  });
}

/** The kg received on the round: the stops its association picked up. */
export const receivedKg = (view: Awaited<ReturnType<typeof getRound>>) =>
  Math.round(
    view.stops
      .filter((s) => s.ours && s.status === 'picked_up')
      .reduce((sum, s) => sum + (s.received_kg ?? 0), 0) * 100,
  ) / 100;

/**
 * At the end: `partnerKg` of what was received go to the partner, the rest to the round's
 * association. Only once no stop is still waiting for its handover; said again, it replaces the
 * split before (one row per association).
 */
export async function splitRound(db: Db, actor: Actor, id: number, partnerKg: number, now: Date) {
  const view = await ownRound(db, actor, id);
  const partner = view.round.partner_id;
  if (!partner) throw new ConflictError('round_not_shared', 'round.err.no_partner');
  if (!view.round.partner_accepted_at)
    throw new ConflictError('round_partner_pending', 'round.err.partner_pending');
  if (view.stops.some((s) => s.ours && s.status === 'claimed'))
    throw new ConflictError('round_not_finished', 'round.err.not_finished');
  const total = receivedKg(view);
  const kg = Math.round(partnerKg * 100) / 100;
  if (!(kg >= 0) || kg > total)
    throw new ValidationError({ partnerKg: 'round.err.split_too_much' });
  const rows = [
    { association_id: view.round.association_id, kg: Math.round((total - kg) * 100) / 100 },
    { association_id: partner, kg },
  ].map((r) => ({ ...r, round_id: id, recorded_by: actor.user.id, recorded_at: now }));
  await db.transaction().execute(async (trx) => {
    // the partner that accepted is still the one (it may have left, or been changed, meanwhile)
    const locked = await lockRound(trx, id);
    if (locked.partner_id !== partner || !locked.partner_accepted_at)
      throw new ConflictError('round_partner_pending', 'round.err.partner_pending');
    await refuseIfReceipted(trx, id, [view.round.association_id, partner]);
    await trx.deleteFrom('round_shares').where('round_id', '=', id).execute();
    await trx.insertInto('round_shares').values(rows).execute();
  });
  return { total, shares: rows.map((r) => ({ associationId: r.association_id, kg: r.kg })) };
}
