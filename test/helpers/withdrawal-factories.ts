import type { Kysely } from 'kysely';
import type { Database, NewOrganisation } from '../../src/db/schema.js';
import { computeCompensation } from '../../src/withdrawals/compensation.js';
import { createOrgWithUser } from './factories.js';
import type { RateBasis } from '../../src/db/tables/withdrawals.js';
import { certificateNumberOf } from '../../src/withdrawals/domain.js';

/** A notice to FranceAgriMer in time for an operation of `date`: three days before (mandatory). */
export const noticeFor = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 3 * 86_400_000);

/** A producer organisation with one manager and, unless `marketedKg: null`, a declared campaign. */
export async function createProducerOrg(
  db: Kysely<Database>,
  opts: { year?: number; marketedKg?: number | null; overrides?: Partial<NewOrganisation> } = {},
) {
  const po = await createOrgWithUser(db, 'producer_org', {
    name: `Vergers ${Math.random().toString(36).slice(2, 6)}`,
    ...opts.overrides,
  });
  if (opts.marketedKg !== null)
    await declareCampaign(db, po.org.id, opts.year ?? 2026, opts.marketedKg ?? 100_000);
  return po;
}

export async function declareCampaign(
  db: Kysely<Database>,
  producerOrgId: number,
  year: number,
  marketedKg: number,
) {
  await db
    .insertInto('withdrawal_campaigns')
    .values({ producer_org_id: producerOrgId, year, marketed_kg: marketedKg })
    .onConflict((oc) =>
      oc.columns(['producer_org_id', 'year']).doUpdateSet({ marketed_kg: marketedKg }),
    )
    .execute();
}

/** A rate for a product straight into the table (the admin path is tested on its own). */
export async function insertRate(
  db: Kysely<Database>,
  product: string,
  eurPer100Kg: number,
  validFrom: string,
  validTo: string | null = null,
  basis: RateBasis = 'history_2014_2018',
) {
  return db
    .insertInto('withdrawal_rates')
    .values({
      product,
      eur_per_100kg: eurPer100Kg,
      valid_from: validFrom,
      valid_to: validTo,
      source: 'test',
      basis,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertProduct(db: Kysely<Database>, key: string) {
  await db
    .insertInto('withdrawal_products')
    .values({ key, name_fr: key, name_en: key, cn_code: '0000 00' })
    .execute();
}

/** A withdrawal as if recorded (and, with `receivedKg`, confirmed) on the seeded rate of its date. */
export async function createWithdrawal(
  db: Kysely<Database>,
  opts: {
    producerOrgId: number;
    associationId: number;
    product?: string;
    quantityKg?: number;
    date?: string;
    receivedKg?: number;
    refused?: string;
    flatEurPer100Kg?: number;
    certificateNumber?: string;
  },
) {
  const product = opts.product ?? 'carrots';
  const date = opts.date ?? '2026-06-15';
  const rate = await db
    .selectFrom('withdrawal_rates')
    .selectAll()
    .where('product', '=', product)
    .where('valid_from', '<=', date)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', date)]))
    .executeTakeFirstOrThrow();
  const flat = opts.flatEurPer100Kg ?? 0;
  const campaign = Number(date.slice(0, 4));
  // the next number of the campaign, as recordWithdrawal gives it
  const { seq } = await db
    .selectFrom('withdrawals')
    .select((eb) => eb.fn.coalesce(eb.fn.max('certificate_seq'), eb.lit(0)).as('seq'))
    .where('producer_org_id', '=', opts.producerOrgId)
    .where('campaign', '=', campaign)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('withdrawal_campaigns')
    .set({ last_certificate_seq: Number(seq) + 1 })
    .where('producer_org_id', '=', opts.producerOrgId)
    .where('year', '=', campaign)
    .execute();
  const comp =
    opts.receivedKg != null ? computeCompensation(opts.receivedKg, rate.eur_per_100kg, flat) : null;
  return db
    .insertInto('withdrawals')
    .values({
      producer_org_id: opts.producerOrgId,
      association_id: opts.associationId,
      product,
      rate_id: rate.id,
      eur_per_100kg: rate.eur_per_100kg,
      flat_eur_per_100kg: flat,
      quantity_kg: opts.quantityKg ?? 500,
      withdrawn_on: date,
      campaign,
      certificate_seq: Number(seq) + 1,
      certificate_number: opts.certificateNumber ?? certificateNumberOf(campaign, Number(seq) + 1),
      status: comp ? 'received' : opts.refused ? 'refused' : 'pending_receipt',
      received_kg: opts.receivedKg ?? null,
      amount_eur: comp?.amountEur ?? null,
      flat_eur: comp?.flatEur ?? null,
      refusal_reason: opts.refused ?? null,
      answered_at: comp || opts.refused ? new Date('2026-06-16T10:00:00Z') : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
