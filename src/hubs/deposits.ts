import { sql } from 'kysely';
import { isMemberOf, type Actor } from '../accounts/actor.js';
import type { Db } from '../donations/donation.js';
import { inTransaction } from '../db/transaction.js';
import { coldChainLimit } from '../donations/pickup.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { associationMember } from './hubs.js';
import type { DepositInput } from './schemas.js';

/** Where food claimed through a hub is: at the shop, on its way to the hub, at the hub, collected. */
export type HubStage = 'at_shop' | 'to_hub' | 'at_hub' | 'collected' | 'refused' | 'unrecorded';

export interface HubItem {
  id: number;
  description: string;
  category: string;
  storage: string;
  quantity_kg: number;
  received_kg: number | null;
  temperature_c: number | null;
  pickup_until: Date;
  product_date: string | null;
  status: string;
  hub_collector: 'hub' | 'partner';
  shop_name: string;
  hub_id: number;
  hub_name: string;
  partner_id: number;
  partner_name: string;
  hub_kg: number | null;
  hub_temperature_c: number | null;
  hub_received_at: Date | null;
  refusal_reason: string | null;
  collected_at: Date | null;
  /** its arrival at the hub was never recorded: the step closed then (closeUnrecordedHubSteps) */
  hub_unrecorded_at: Date | null;
  stage: HubStage;
}

/**
 * The food a hub holds or will hold for its partners (side 'hub'), or a partner's food claimed
 * through its hubs (side 'partner'): each organisation sees only its own. Those collected from the
 * hub, refused or never recorded there stay listed 30 days.
 */
export async function hubItems(db: Db, actor: Actor, side: 'hub' | 'partner', now: Date) {
  const orgId = associationMember(actor).organisationId;
  const { rows } = await sql<HubItem>`
    select d.id, d.description, d.category, d.storage, d.quantity_kg, d.received_kg, d.temperature_c,
      d.pickup_until, d.product_date, d.status, d.hub_collector, s.name as shop_name,
      d.hub_id, ho.name as hub_name, d.claimed_by as partner_id, p.name as partner_name,
      hd.received_kg as hub_kg, hd.temperature_c as hub_temperature_c,
      hd.received_at as hub_received_at, hd.collected_at, hd.refusal_reason, d.hub_unrecorded_at,
      case when d.status = 'claimed' then 'at_shop'
        when hd.donation_id is null and d.hub_unrecorded_at is not null then 'unrecorded'
        when hd.donation_id is null then 'to_hub'
        when hd.refusal_reason is not null then 'refused'
        when hd.collected_at is null then 'at_hub' else 'collected' end as stage
    from donations d
      join organisations s on s.id = d.shop_id
      join organisations ho on ho.id = d.hub_id
      join organisations p on p.id = d.claimed_by
      left join hub_deposits hd on hd.donation_id = d.id
    where ${side === 'hub' ? sql`d.hub_id` : sql`d.claimed_by`} = ${orgId}
      and d.hub_id is not null and d.status in ('claimed', 'picked_up')
      and ((hd.collected_at is null and hd.refusal_reason is null and d.hub_unrecorded_at is null)
        or coalesce(hd.collected_at, hd.received_at, d.hub_unrecorded_at) > ${new Date(now.getTime() - 30 * 86_400_000)})
    order by case when hd.collected_at is null and hd.refusal_reason is null
      and d.hub_unrecorded_at is null then 0 else 1 end, d.pickup_until desc, d.id desc
    limit 200`.execute(db);
  return rows.map((r) => ({
    ...r,
    quantity_kg: Number(r.quantity_kg),
    received_kg: r.received_kg == null ? null : Number(r.received_kg),
    hub_kg: r.hub_kg == null ? null : Number(r.hub_kg),
    hub_temperature_c: r.hub_temperature_c == null ? null : Number(r.hub_temperature_c),
  }));
}

/** `lock`: its donations row, for the hub's record (closeUnrecordedHubSteps locks it too). */
async function loadHubDonation(db: Db, id: number, lock = false) {
  const q = db
    .selectFrom('donations as d')
    .leftJoin('hub_deposits as hd', 'hd.donation_id', 'd.id')
    .select([
      'd.id',
      'd.status',
      'd.storage',
      'd.category',
      'd.hub_id',
      'd.claimed_by',
      'd.received_kg',
      'hd.donation_id as deposit_id',
      'hd.collected_at',
      'hd.refusal_reason',
      'd.hub_unrecorded_at',
    ])
    .where('d.id', '=', id)
    .where('d.hub_id', 'is not', null);
  return (lock ? q.forUpdate('d') : q).executeTakeFirst();
}

/**
 * The second handover, at the hub: a member of the hub weighs the food collected at the shop and
 * takes its temperature again. The cold-chain limit is the one of the shop's handover
 * (coldChainLimit): above it, only with the box ticked and a reason; the kg are at most those
 * taken at the shop. The partner's kg stay those of the shop's handover (counted once). Or the
 * hub refuses the food on arrival (refusalReason): 0 kg kept, it frees the room, nothing to fetch,
 * a defect of the quality loop. Not once its step was closed as never recorded
 * (closeUnrecordedHubSteps, a day after the window): that food no longer holds the hub's room.
 *
 * What a refusal on arrival counts for: the food left the shop and was accepted at the shop's
 * handover on the partner's behalf, so the shop's receipt keeps it (the gift was made at the
 * shop; src/receipts reads the shop's handover only). But nobody received it: the partner's kg
 * received, value, meals and CO2e avoided do not count it, its kg are refused, waste not avoided,
 * in the stats (src/stats/transfers.ts, refusedAtHub) and on /quality, with the hub's reason.
 */
export async function receiveAtHub(
  db: Db,
  actor: Actor,
  id: number,
  input: DepositInput,
  now: Date,
) {
  return inTransaction(db, (trx) => recordAtHub(trx, actor, id, input, now));
}

async function recordAtHub(db: Db, actor: Actor, id: number, input: DepositInput, now: Date) {
  // locked: the job that closes steps never recorded waits for this record, or this one sees it
  const d = await loadHubDonation(db, id, true);
  if (!d || !isMemberOf(actor, d.hub_id!)) throw new NotFoundError();
  if (d.status !== 'picked_up') throw new ConflictError('not_picked_up', 'hub.err.not_picked_up');
  if (d.deposit_id != null) throw new ConflictError('already_received', 'hub.err.already_received');
  if (d.hub_unrecorded_at) throw new ConflictError('not_recorded', 'hub.err.unrecorded');
  const limitC = await coldChainLimit(db, d.storage, d.category);
  const refused = input.refusalReason ?? null;
  const f: Record<string, string> = {};
  if (input.receivedKg == null && !refused) f.receivedKg = 'err.required';
  if (input.temperatureC == null && !refused) f.temperatureC = 'don.err.temperature_required';
  const tooWarm = limitC != null && input.temperatureC != null && input.temperatureC > limitC;
  if (tooWarm && !refused && !(input.temperatureConfirmed && input.temperatureReason))
    f.temperatureC = 'don.err.too_warm';
  if (!refused && d.received_kg != null && (input.receivedKg ?? 0) > Number(d.received_kg))
    f.receivedKg = 'hub.err.kg_more_than_shop';
  if (Object.keys(f).length) throw new ValidationError(f);
  const row = await db
    .insertInto('hub_deposits')
    .values({
      donation_id: id,
      hub_id: d.hub_id!,
      partner_id: d.claimed_by!,
      received_kg: refused ? 0 : input.receivedKg!,
      refusal_reason: refused,
      temperature_c: input.temperatureC ?? null,
      cold_chain_reason: tooWarm && !refused ? (input.temperatureReason ?? null) : null,
      received_at: now,
      received_by: actor.user.id,
    })
    .onConflict((oc) => oc.column('donation_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new ConflictError('already_received', 'hub.err.already_received');
  return row;
}

/** The third record: the partner collects its food from the hub (when, and who). */
export async function collectFromHub(db: Db, actor: Actor, id: number, now: Date) {
  const d = await loadHubDonation(db, id);
  if (!d || !d.claimed_by || !isMemberOf(actor, d.claimed_by)) throw new NotFoundError();
  if (d.deposit_id == null) throw new ConflictError('not_at_hub', 'hub.err.not_at_hub');
  if (d.refusal_reason) throw new ConflictError('refused_at_hub', 'hub.err.refused_at_hub');
  const row = await db
    .updateTable('hub_deposits')
    .set({ collected_at: now, collected_by: actor.user.id })
    .where('donation_id', '=', id)
    .where('collected_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new ConflictError('already_collected', 'hub.err.already_collected');
  return row;
}
