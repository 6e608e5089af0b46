import { isMemberOf, type Actor } from '../accounts/actor.js';
import { inTransaction } from '../db/transaction.js';
import type { Donation } from '../db/schema.js';
import { queueChangeAlert } from '../notifications/change-alert.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';
import { loadDonation, recordEvent, type Db } from './donation.js';
import { checkedOffer } from './posting.js';
import type { PostDonationInput } from './schemas.js';

/** Claimed (or closed) already: it is the association's now, and changes would move under it. */
export class NotEditableError extends ConflictError {
  constructor() {
    super('not_open', 'don.err.not_editable');
  }
}

/** What those told of a donation planned around: a change here is worth telling them. */
function isMaterial(before: Donation, input: PostDonationInput) {
  return (
    Number(before.quantity_kg) !== input.quantityKg ||
    before.pickup_from.getTime() !== input.pickupFrom.getTime() ||
    before.pickup_until.getTime() !== input.pickupUntil.getTime() ||
    (before.date_kind ?? null) !== (input.dateKind ?? null) ||
    (before.product_date ?? null) !== (input.date ?? null)
  );
}

/**
 * The shop corrects a donation nobody has claimed yet, through the posting rules. One guarded
 * update decides against a claim at the same moment (the claim wins or the change does, never
 * half of each). A material change (kg, window, dates) tells the associations already alerted,
 * once (notifications/change-alert.ts). Returns the donation as changed and whether it was
 * material.
 */
export async function changeDonation(
  db: Db,
  actor: Actor,
  id: number,
  input: PostDonationInput,
  now: Date,
) {
  const before = await loadDonation(db, id);
  if (!before || !isMemberOf(actor, before.shop_id)) throw new NotFoundError();
  if (before.status !== 'open') throw new NotEditableError();
  const offer = checkedOffer(input, now);
  const material = isMaterial(before, input);
  return inTransaction(db, async (trx) => {
    const changed = await trx
      .updateTable('donations')
      .set({
        category: input.category,
        description: input.description,
        quantity_kg: input.quantityKg,
        units: input.units ?? null,
        storage: input.storage,
        date_kind: offer.dateKind,
        product_date: offer.date,
        packaged: offer.packaged,
        same_day: offer.sameDay,
        value_eur: input.valueEur ?? null,
        not_sellable: input.notSellable ?? false,
        lot_number: input.lotNumber ?? null,
        // marks the caller leaves out stay as they were (an older till system knows none)
        fresh_produce: input.freshProduce ?? before.fresh_produce,
        quality_label: input.qualityLabel === undefined ? before.quality_label : input.qualityLabel,
        local_origin: input.localOrigin === undefined ? before.local_origin : input.localOrigin,
        pickup_from: input.pickupFrom,
        pickup_until: input.pickupUntil,
      })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!changed) throw new NotEditableError();
    await recordEvent(trx, {
      donationId: id,
      from: 'open',
      to: 'open',
      actor,
      orgId: before.shop_id,
      at: now,
      note: 'changed',
    });
    if (material) await queueChangeAlert(trx, changed, now);
    return { donation: changed as Donation, material };
  });
}
