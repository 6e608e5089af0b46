// The producer organisation's home page figures: its current campaign at a glance.
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { campaignCeiling, producerOrgOf } from './domain.js';
import { parisToday } from './rates.js';

/**
 * The withdrawals of the actor's producer organisation in this campaign (the Paris calendar year):
 * how many and how many kg were given (refused ones gave nothing), how many wait for the
 * association's receipt, the compensation owed on confirmed receipts, and the 5 % ceiling.
 */
export async function producerHomeFigures(db: Kysely<Database>, actor: Actor, now: Date) {
  const po = producerOrgOf(actor);
  const campaign = Number(parisToday(now).slice(0, 4));
  const row = await db
    .selectFrom('withdrawals')
    .select([
      sql<string>`count(*) filter (where status <> 'refused')`.as('n'),
      sql<string>`count(*) filter (where status = 'pending_receipt')`.as('pending'),
      sql<string>`coalesce(sum(amount_eur) filter (where status = 'received'), 0)::text`.as('owed'),
    ])
    .where('producer_org_id', '=', po.organisationId)
    .where('campaign', '=', campaign)
    .executeTakeFirstOrThrow();
  const ceiling = await campaignCeiling(db, po.organisationId, campaign);
  return {
    campaign,
    withdrawals: Number(row.n),
    withdrawnKg: ceiling.withdrawnKg,
    pendingReceipts: Number(row.pending),
    compensationEur: Number(row.owed),
    ceiling,
  };
}
export type ProducerHomeFigures = Awaited<ReturnType<typeof producerHomeFigures>>;
