import { sql, type Kysely } from 'kysely';
import { isMemberOf, membershipOfKind, type Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleBrokenError,
  ValidationError,
} from '../shared/errors.js';
import { ceiling, computeCompensation, toHundredths } from './compensation.js';
import { getFlatAmounts, parisToday, rateOn } from './rates.js';
import type { WithdrawalInput } from './schemas.js';

export class OverCeilingError extends RuleBrokenError {
  constructor(public readonly remainingKg: number) {
    super('over_ceiling', 'wd.err.over_ceiling', { quantityKg: 'wd.err.over_ceiling_field' });
  }
}

export function producerOrgOf(actor: Actor) {
  const m = membershipOfKind(actor, 'producer_org');
  if (!m) throw new ForbiddenError('wd.err.not_po');
  return m;
}

export function associationOf(actor: Actor) {
  const m = membershipOfKind(actor, 'association');
  if (!m) throw new ForbiddenError('wd.err.not_association');
  return m;
}

export async function declareMarketedVolume(
  db: Kysely<Database>,
  actor: Actor,
  year: number,
  marketedKg: number,
  now: Date,
) {
  const po = producerOrgOf(actor);
  await db
    .insertInto('withdrawal_campaigns')
    .values({
      producer_org_id: po.organisationId,
      year,
      marketed_kg: marketedKg.toFixed(2),
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['producer_org_id', 'year']).doUpdateSet((eb) => ({
        marketed_kg: eb.ref('excluded.marketed_kg'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
  return campaignCeiling(db, po.organisationId, year);
}

/** Kg withdrawn in a campaign (refused operations gave nothing away) against 5 % of the marketed volume. */
export async function campaignCeiling(db: Kysely<Database>, producerOrgId: number, year: number) {
  const c = await db
    .selectFrom('withdrawal_campaigns')
    .select('marketed_kg')
    .where('producer_org_id', '=', producerOrgId)
    .where('year', '=', year)
    .executeTakeFirst();
  const w = await db
    .selectFrom('withdrawals')
    .select(sql<string>`coalesce(sum(quantity_kg), 0)::text`.as('kg'))
    .where('producer_org_id', '=', producerOrgId)
    .where('campaign', '=', year)
    .where('status', '<>', 'refused')
    .executeTakeFirstOrThrow();
  return ceiling(c?.marketed_kg ?? null, Number(w.kg));
}

/**
 * Record a withdrawal given to an approved association. The rate in force on its date and the
 * flat amounts of the day are copied onto it. Passing the 5 % ceiling needs `acceptOverCeiling`.
 */
export async function recordWithdrawal(
  db: Kysely<Database>,
  actor: Actor,
  input: WithdrawalInput,
  now: Date,
) {
  const po = producerOrgOf(actor);
  if (input.date > parisToday(now)) throw new ValidationError({ date: 'wd.err.future' });
  return db.transaction().execute(async (trx) => {
    const product = await trx
      .selectFrom('withdrawal_products')
      .select('key')
      .where('key', '=', input.product)
      .executeTakeFirst();
    if (!product) throw new ValidationError({ product: 'wd.err.unknown_product' });
    const rate = await rateOn(trx, input.product, input.date);
    if (!rate) throw new ValidationError({ date: 'wd.err.no_rate' });
    const association = await trx
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', input.associationId)
      .where('kind', '=', 'association')
      .where('approved', '=', true)
      .executeTakeFirst();
    if (!association) throw new ValidationError({ associationId: 'wd.err.association' });
    const year = Number(input.date.slice(0, 4));
    // One writer per campaign at a time, so two operations cannot both slip under the ceiling.
    const campaign = await trx
      .selectFrom('withdrawal_campaigns')
      .select('marketed_kg')
      .where('producer_org_id', '=', po.organisationId)
      .where('year', '=', year)
      .forUpdate()
      .executeTakeFirst();
    if (!campaign) throw new ValidationError({ date: 'wd.err.no_marketed_volume' });
    const before = await campaignCeiling(trx, po.organisationId, year);
    const overCeiling = toHundredths(input.quantityKg) > toHundredths(before.remainingKg ?? 0);
    if (overCeiling && !input.acceptOverCeiling)
      throw new OverCeilingError(before.remainingKg ?? 0);
    const flat = await getFlatAmounts(trx);
    const row = await trx
      .insertInto('withdrawals')
      .values({
        producer_org_id: po.organisationId,
        association_id: association.id,
        product: input.product,
        rate_id: rate.id,
        eur_per_100kg: rate.eur_per_100kg,
        flat_eur_per_100kg: flat.totalEurPer100Kg,
        quantity_kg: input.quantityKg.toFixed(2),
        withdrawn_on: input.date,
        campaign: year,
        certificate_number: input.certificateNumber ?? null,
        over_ceiling: overCeiling,
        created_by: actor.user.id,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return row;
  });
}

async function lockedVisible(trx: Kysely<Database>, actor: Actor, id: number) {
  const row = await trx
    .selectFrom('withdrawals')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  // Another association's operation is not there for this one: 404, as for any unknown id.
  if (!row || !isMemberOf(actor, row.association_id)) throw new NotFoundError('wd.err.not_found');
  if (row.status !== 'pending_receipt')
    throw new ConflictError('not_pending', 'wd.err.not_pending');
  return row;
}

/** The association attests what it received; the compensation is computed on that. */
export async function confirmReceipt(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  receivedKg: number,
  now: Date,
) {
  associationOf(actor);
  return db.transaction().execute(async (trx) => {
    const row = await lockedVisible(trx, actor, id);
    if (toHundredths(receivedKg) > toHundredths(row.quantity_kg))
      throw new ValidationError({ receivedKg: 'wd.err.received_above' });
    const comp = computeCompensation(receivedKg, row.eur_per_100kg, row.flat_eur_per_100kg);
    return trx
      .updateTable('withdrawals')
      .set({
        status: 'received',
        received_kg: receivedKg.toFixed(2),
        amount_eur: comp.amountEur.toFixed(2),
        flat_eur: comp.flatEur.toFixed(2),
        answered_at: now,
        answered_by: actor.user.id,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending_receipt')
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function refuseWithdrawal(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  reason: string,
  now: Date,
) {
  associationOf(actor);
  return db.transaction().execute(async (trx) => {
    await lockedVisible(trx, actor, id);
    return trx
      .updateTable('withdrawals')
      .set({
        status: 'refused',
        refusal_reason: reason,
        answered_at: now,
        answered_by: actor.user.id,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending_receipt')
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}
