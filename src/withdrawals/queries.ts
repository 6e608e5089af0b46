import type { Kysely } from 'kysely';
import { isMemberOf, membershipOfKind, type Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { ForbiddenError, NotFoundError } from '../shared/errors.js';
import { ceiling, computeCompensation, sum2 } from './compensation.js';
import { campaignCeiling } from './domain.js';

/** The read side of withdrawals: who sees which operations, and how they are told. */
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
      'r.basis as rate_basis',
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
  if (
    !actor.user.is_admin &&
    !isMemberOf(actor, row.producer_org_id) &&
    !isMemberOf(actor, row.association_id)
  )
    throw new NotFoundError('wd.err.not_found');
  return row;
}

export type Viewer = {
  role: 'producer_org' | 'association' | 'admin';
  organisationId: number | null;
};

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
  else if (viewer.organisationId != null)
    q = q.where('w.producer_org_id', '=', viewer.organisationId);
  const items = await q.orderBy('w.withdrawn_on', 'desc').orderBy('w.id', 'desc').execute();
  const received = items.filter((w) => w.status === 'received');
  const totals = {
    kg: sum2(received.map((w) => w.received_kg!)),
    amountEur: sum2(received.map((w) => w.amount_eur!)),
  };
  const cap =
    viewer.role !== 'association' && viewer.organisationId != null
      ? await campaignCeiling(db, viewer.organisationId, campaign)
      : ceiling(null, sum2(items.filter((w) => w.status !== 'refused').map((w) => w.quantity_kg)));
  return { items, totals, ceiling: cap };
}

export async function approvedAssociations(db: Kysely<Database>) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'town'])
    .where('kind', '=', 'association')
    .where('approved', '=', true)
    .orderBy('name')
    .execute();
}

/** What the API says about a compensation; nothing is owed before the receipt is confirmed. */
export function compensationOf(w: {
  status: string;
  eur_per_100kg: number;
  flat_eur_per_100kg: number;
  quantity_kg: number;
  amount_eur: number | null;
  flat_eur: number | null;
}) {
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
    rateBasis: w.rate_basis,
    distanceKm: w.distance_km,
    transportEurPer100Kg: w.transport_eur_per_100kg,
    notifiedAt: w.notified_at ? new Date(w.notified_at).toISOString() : null,
    compensation: compensationOf(w),
  };
}
