import { sql, type Kysely } from 'kysely';
import { isMemberOf, membershipOfKind, type Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors.js';
import { ceiling, computeCompensation, sum2, toHundredths } from './compensation.js';
import { getFlatAmounts, parisToday, rateOn } from './rates.js';
import type { WithdrawalInput } from './schemas.js';

export class OverCeilingError extends DomainError {
  constructor(public readonly remainingKg: number) {
    super('over_ceiling', 'wd.err.over_ceiling', 422, { quantityKg: 'wd.err.over_ceiling_field' });
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

export async function declareMarketedVolume(db: Kysely<Database>, actor: Actor, year: number, marketedKg: number, now: Date) {
  const po = producerOrgOf(actor);
  await db
    .insertInto('withdrawal_campaigns')
    .values({ producer_org_id: po.organisationId, year, marketed_kg: marketedKg.toFixed(2), updated_at: now })
    .onConflict((oc) =>
      oc.columns(['producer_org_id', 'year']).doUpdateSet((eb) => ({ marketed_kg: eb.ref('excluded.marketed_kg'), updated_at: eb.ref('excluded.updated_at') })),
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
export async function recordWithdrawal(db: Kysely<Database>, actor: Actor, input: WithdrawalInput, now: Date) {
  const po = producerOrgOf(actor);
  if (input.date > parisToday(now)) throw new ValidationError({ date: 'wd.err.future' });
  return db.transaction().execute(async (trx) => {
    const product = await trx.selectFrom('withdrawal_products').select('key').where('key', '=', input.product).executeTakeFirst();
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
    if (overCeiling && !input.acceptOverCeiling) throw new OverCeilingError(before.remainingKg ?? 0);
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
  const row = await trx.selectFrom('withdrawals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  // Another association's operation is not there for this one: 404, as for any unknown id.
  if (!row || !isMemberOf(actor, row.association_id)) throw new NotFoundError('wd.err.not_found');
  if (row.status !== 'pending_receipt') throw new DomainError('not_pending', 'wd.err.not_pending', 409);
  return row;
}

/** The association attests what it received; the compensation is computed on that. */
export async function confirmReceipt(db: Kysely<Database>, actor: Actor, id: number, receivedKg: number, now: Date) {
  associationOf(actor);
  return db.transaction().execute(async (trx) => {
    const row = await lockedVisible(trx, actor, id);
    if (toHundredths(receivedKg) > toHundredths(row.quantity_kg)) throw new ValidationError({ receivedKg: 'wd.err.received_above' });
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

export async function refuseWithdrawal(db: Kysely<Database>, actor: Actor, id: number, reason: string, now: Date) {
  associationOf(actor);
  return db.transaction().execute(async (trx) => {
    await lockedVisible(trx, actor, id);
    return trx
      .updateTable('withdrawals')
      .set({ status: 'refused', refusal_reason: reason, answered_at: now, answered_by: actor.user.id })
      .where('id', '=', id)
      .where('status', '=', 'pending_receipt')
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

function detailQuery(db: Kysely<Database>) {
  return db
    .selectFrom('withdrawals as w')
    .innerJoin('withdrawal_products as p', 'p.key', 'w.product')
    .innerJoin('withdrawal_rates as r', 'r.id', 'w.rate_id')
    .innerJoin('organisations as po', 'po.id', 'w.producer_org_id')
    .innerJoin('organisations as a', 'a.id', 'w.association_id')
    .selectAll('w')
    .select([
      'p.name_fr',
      'p.name_en',
      'p.cn_code',
      'r.source as rate_source',
      'po.name as po_name',
      'po.address as po_address',
      'po.postcode as po_postcode',
      'po.town as po_town',
      'a.name as association_name',
      'a.address as association_address',
      'a.postcode as association_postcode',
      'a.town as association_town',
    ]);
}
export type WithdrawalDetail = Awaited<ReturnType<typeof getWithdrawal>>;

/** One operation, for the PO that made it, the association it went to, or the admin. */
export async function getWithdrawal(db: Kysely<Database>, actor: Actor, id: number) {
  const row = await detailQuery(db).where('w.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('wd.err.not_found');
  if (!actor.user.is_admin && !isMemberOf(actor, row.producer_org_id) && !isMemberOf(actor, row.association_id))
    throw new NotFoundError('wd.err.not_found');
  return row;
}

export type Viewer = { role: 'producer_org' | 'association' | 'admin'; organisationId: number | null };

/** Whose list: a PO sees its own, an association what was offered to it, the admin any PO (or all). */
export function viewerOf(actor: Actor, organisationId?: number): Viewer {
  const po = membershipOfKind(actor, 'producer_org');
  if (po) return { role: 'producer_org', organisationId: po.organisationId };
  const assoc = membershipOfKind(actor, 'association');
  if (assoc) return { role: 'association', organisationId: assoc.organisationId };
  if (actor.user.is_admin) return { role: 'admin', organisationId: organisationId ?? null };
  throw new ForbiddenError('wd.err.not_po');
}

export async function listWithdrawals(db: Kysely<Database>, viewer: Viewer, campaign: number) {
  let q = detailQuery(db).where('w.campaign', '=', campaign);
  if (viewer.role === 'association') q = q.where('w.association_id', '=', viewer.organisationId!);
  else if (viewer.organisationId != null) q = q.where('w.producer_org_id', '=', viewer.organisationId);
  const items = await q.orderBy('w.withdrawn_on', 'desc').orderBy('w.id', 'desc').execute();
  const received = items.filter((w) => w.status === 'received');
  const totals = { kg: sum2(received.map((w) => w.received_kg!)), amountEur: sum2(received.map((w) => w.amount_eur!)) };
  const cap =
    viewer.role !== 'association' && viewer.organisationId != null
      ? await campaignCeiling(db, viewer.organisationId, campaign)
      : ceiling(null, sum2(items.filter((w) => w.status !== 'refused').map((w) => w.quantity_kg)));
  return { items, totals, ceiling: cap };
}

export async function approvedAssociations(db: Kysely<Database>) {
  return db.selectFrom('organisations').select(['id', 'name', 'town']).where('kind', '=', 'association').where('approved', '=', true).orderBy('name').execute();
}

/** What the API says about a compensation; nothing is owed before the receipt is confirmed. */
export function compensationOf(w: { status: string; eur_per_100kg: number; flat_eur_per_100kg: number; quantity_kg: number; amount_eur: number | null; flat_eur: number | null }) {
  const expected = computeCompensation(w.quantity_kg, w.eur_per_100kg, w.flat_eur_per_100kg);
  return {
    eurPer100Kg: w.eur_per_100kg,
    flatEurPer100Kg: w.flat_eur_per_100kg,
    flatEur: w.status === 'received' ? w.flat_eur! : 0,
    amountEur: w.status === 'received' ? w.amount_eur! : 0,
    expectedAmountEur: w.status === 'pending_receipt' ? expected.amountEur : null,
  };
}

export function withdrawalToApi(w: WithdrawalDetail) {
  return {
    id: w.id,
    status: w.status,
    product: w.product,
    productName: w.name_en,
    cnCode: w.cn_code,
    quantityKg: w.quantity_kg,
    receivedKg: w.received_kg,
    date: w.withdrawn_on,
    campaign: w.campaign,
    producerOrgId: w.producer_org_id,
    producerOrgName: w.po_name,
    associationId: w.association_id,
    associationName: w.association_name,
    certificateNumber: w.certificate_number,
    overCeiling: w.over_ceiling,
    refusalReason: w.refusal_reason,
    answeredAt: w.answered_at ? new Date(w.answered_at).toISOString() : null,
    rateSource: w.rate_source,
    compensation: compensationOf(w),
  };
}
