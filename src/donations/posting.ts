import { sql } from 'kysely';
import { isMemberOf, type Actor } from '../accounts/actor.js';
import type { Donation } from '../db/schema.js';
import { planNotifications } from '../notifications/outbox.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { eventRow, loadDonation, recordEvent, shopOf, type Db } from './donation.js';
import { checkDonationRules, defaultPickupWindow } from './rules.js';
import type { PostDonationInput } from './schemas.js';

/** A shop posts a surplus: rules checked, saved with the shop's place, notifications planned, in one transaction. */
export async function postDonation(
  db: Db,
  actor: Actor,
  input: PostDonationInput,
  now: Date,
): Promise<Donation> {
  const shop = shopOf(actor);
  const rule = {
    category: input.category,
    storage: input.storage,
    pickupFrom: input.pickupFrom,
    pickupUntil: input.pickupUntil,
    dateKind: input.dateKind ?? null,
    date: input.date ?? null,
    packaged: input.packaged ?? true,
    sameDay: input.sameDay ?? false,
  };
  const broken = checkDonationRules(rule, now);
  if (Object.keys(broken).length) throw new ValidationError(broken, 'don.err.rules');
  return db.transaction().execute(async (trx) => {
    // the donation, at the shop's place, and the first line of its history: one statement
    const donation = await trx
      .with('d', (q) =>
        q
          .insertInto('donations')
          .values({
            shop_id: shop.organisationId,
            created_by: actor.user.id,
            category: input.category,
            description: input.description,
            quantity_kg: input.quantityKg,
            units: input.units ?? null,
            storage: input.storage,
            date_kind: rule.dateKind,
            product_date: rule.date,
            packaged: rule.packaged,
            same_day: rule.sameDay,
            value_eur: input.valueEur ?? null,
            pickup_from: input.pickupFrom,
            pickup_until: input.pickupUntil,
            lat: sql<number>`(select lat from organisations where id = ${shop.organisationId})`,
            lng: sql<number>`(select lng from organisations where id = ${shop.organisationId})`,
            status: 'open', // nobody has claimed it: the outcome columns stay empty
            created_at: now,
          })
          .returningAll(),
      )
      .with('e', (q) =>
        q.insertInto('donation_events').values({
          donation_id: sql<number>`(select id from d)`,
          ...eventRow({ from: null, to: 'open', actor, orgId: shop.organisationId, at: now }),
        }),
      )
      .selectFrom('d')
      .selectAll()
      .executeTakeFirstOrThrow();
    await planNotifications(trx, donation, now);
    return donation as Donation;
  });
}

/** The shop withdraws a donation nobody has claimed yet. */
export async function cancelDonation(db: Db, actor: Actor, id: number, now: Date) {
  const d = await loadDonation(db, id);
  if (!d || !isMemberOf(actor, d.shop_id)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const cancelled = await trx
      .updateTable('donations')
      .set({ status: 'cancelled', closed_at: now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!cancelled) throw new ConflictError('not_open', 'don.err.not_open');
    await recordEvent(trx, {
      donationId: id,
      from: 'open',
      to: 'cancelled',
      actor,
      orgId: d.shop_id,
      at: now,
    });
    return cancelled;
  });
}

/**
 * What the posting form starts with: the donation to post again (or the shop's last one, for its
 * kind of food) and the default pickup window from the shop's usual one.
 */
export async function postingDefaults(db: Db, actor: Actor, now: Date, fromId?: number) {
  const shop = shopOf(actor);
  const org = await db
    .selectFrom('organisations')
    .select(['pickup_from', 'pickup_until'])
    .where('id', '=', shop.organisationId)
    .executeTakeFirstOrThrow();
  const source = await db
    .selectFrom('donations')
    .selectAll()
    .where('shop_id', '=', shop.organisationId)
    .$if(fromId !== undefined, (q) => q.where('id', '=', fromId!))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const window = defaultPickupWindow({ from: org.pickup_from, until: org.pickup_until }, now);
  return { window, source };
}
