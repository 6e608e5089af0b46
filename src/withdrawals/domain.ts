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
import { ceiling, computeCompensation, sum2, toHundredths } from './compensation.js';
import { getFlatAmounts, parisToday, rateOn } from './rates.js';
import { NOTICE_REQUIRED_FROM, noticeInTime } from './rules.js';
import { transportCostOn } from './transport.js';
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

/** `RC-2026-0007`: the certificate of the 7th operation of the 2026 campaign. */
export const certificateNumberOf = (campaign: number, seq: number) =>
  `RC-${campaign}-${String(seq).padStart(4, '0')}`;

/**
 * Record a withdrawal given to an approved association. The rate in force on its date (under the
 * rule in force then), the transport unit cost of its distance and the flat amounts of the day
 * are copied onto it. Passing the 5 % ceiling needs `acceptOverCeiling`. Its certificate number
 * comes from the campaign's counter, moved under the campaign row's lock (one writer at a time,
 * and a refused operation rolls its step back: no number twice, none skipped); a number the PO
 * gives itself must not be one of the campaign's already.
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
    // the notice once the date is priced and its campaign declared: the date's fault is said first
    checkNotice(input, now);
    const before = await campaignCeiling(trx, po.organisationId, year);
    const overCeiling = toHundredths(input.quantityKg) > toHundredths(before.remainingKg ?? 0);
    if (overCeiling && !input.acceptOverCeiling)
      throw new OverCeilingError(before.remainingKg ?? 0);
    const flat = await getFlatAmounts(trx);
    // by distance when it is given; otherwise the flat transport amount, if the operator set one
    const transport =
      input.distanceKm != null
        ? await transportCostOn(trx, input.date, input.distanceKm)
        : (flat.transportEurPer100Kg ?? 0);
    const flatPer100Kg = sum2([transport, flat.sortingPackingEurPer100Kg ?? 0]);
    if (input.certificateNumber) {
      // the platform's own numbers (RC-<campaign>-<n>) are given by the counter only, so a typed
      // one can never be the number a later operation gets
      if (/^RC-\d{4}-\d+$/i.test(input.certificateNumber.trim()))
        throw new ValidationError({ certificateNumber: 'wd.err.certificate_reserved' });
      const taken = await trx
        .selectFrom('withdrawals')
        .select('id')
        .where('producer_org_id', '=', po.organisationId)
        .where('campaign', '=', year)
        .where('certificate_number', '=', input.certificateNumber)
        .executeTakeFirst();
      if (taken) throw new ValidationError({ certificateNumber: 'wd.err.certificate_taken' });
    }
    const { last_certificate_seq: seq } = await trx
      .updateTable('withdrawal_campaigns')
      .set({ last_certificate_seq: sql`last_certificate_seq + 1` })
      .where('producer_org_id', '=', po.organisationId)
      .where('year', '=', year)
      .returning('last_certificate_seq')
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('withdrawals')
      .values({
        producer_org_id: po.organisationId,
        association_id: association.id,
        product: input.product,
        rate_id: rate.id,
        eur_per_100kg: rate.eur_per_100kg,
        flat_eur_per_100kg: flatPer100Kg,
        distance_km: input.distanceKm ?? null,
        transport_eur_per_100kg: input.distanceKm != null ? transport : null,
        notified_at: input.notifiedAt ?? null,
        certificate_seq: seq,
        quantity_kg: input.quantityKg.toFixed(2),
        withdrawn_on: input.date,
        campaign: year,
        certificate_number: input.certificateNumber || certificateNumberOf(year, seq),
        over_ceiling: overCeiling,
        created_by: actor.user.id,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return row;
  });
}

/** The notice to FranceAgriMer: mandatory from the arrêté's date, 24 h ahead, not in the future. */
function checkNotice(input: WithdrawalInput, now: Date) {
  if (!input.notifiedAt && input.date >= NOTICE_REQUIRED_FROM)
    throw new ValidationError({ notifiedAt: 'wd.err.notice_required' });
  if (!input.notifiedAt) return;
  if (input.notifiedAt.getTime() > now.getTime())
    throw new ValidationError({ notifiedAt: 'wd.err.notice_future' });
  if (!noticeInTime(input.notifiedAt, input.date))
    throw new ValidationError({ notifiedAt: 'wd.err.notice_late' });
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
