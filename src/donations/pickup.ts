import { sql } from 'kysely';
import { isMemberOf, type Actor } from '../accounts/actor.js';
import type { DonationStatus } from '../db/schema.js';
import type { WaveSettings } from '../notifications/planning.js';
import {
  ConflictError,
  NotFoundError,
  RuleBrokenError,
  ValidationError,
} from '../shared/errors.js';
import { loadDonation, recordEvent, type Db, type DonationView } from './donation.js';
import { checkHandoverCode } from './handover.js';
import { identitiesAt } from './traceability.js';
import { insertOpenDonation } from './posting.js';
import { byWhom, shortDescription, tellShop } from './shop-news.js';
import { checkDonationRules, type DonationRuleInput } from './rules.js';
import type { PickupInput, PostDonationInput } from './schemas.js';

/** The code typed at the counter is not the donation's: counted, then refused. */
export class WrongHandoverCodeError extends RuleBrokenError {
  constructor() {
    super('wrong_handover_code', 'don.err.wrong_code', { handoverCode: 'don.err.wrong_code' });
  }
}

/**
 * The cold-chain limit of a donation's storage and category (DOMAIN.md, the DGCCRF table), in °C;
 * null for ambient food. One source: the database function the quality figures use too
 * (stats_temperature_limit, migration 0004), so a handover refused here is a defect there.
 */
export async function coldChainLimit(db: Db, storage: string, category: string) {
  const { rows } = await sql<{ limit_c: number | null }>`
    select stats_temperature_limit(${storage}, ${category})::float8 as limit_c`.execute(db);
  return rows[0]?.limit_c ?? null;
}

/** What the rest of a partial pickup is, offered again: same food, same window from now on. */
function remainderOffer(d: DonationView, restKg: number, now: Date) {
  const input: PostDonationInput = {
    category: d.category as PostDonationInput['category'],
    description: d.description,
    quantityKg: restKg,
    units: null,
    storage: d.storage,
    pickupFrom: new Date(Math.max(d.pickup_from.getTime(), now.getTime())),
    pickupUntil: d.pickup_until,
    dateKind: d.date_kind,
    date: d.product_date,
    packaged: d.packaged,
    sameDay: d.same_day,
    lotNumber: d.lot_number,
    // the same food: the same marks of what it is
    freshProduce: d.fresh_produce,
    qualityLabel: d.quality_label,
    localOrigin: d.local_origin,
    valueEur:
      d.value_eur == null
        ? null
        : Math.round((Number(d.value_eur) * restKg * 100) / Number(d.quantity_kg)) / 100,
  };
  const offer: DonationRuleInput = {
    ...input,
    dateKind: input.dateKind ?? null,
    date: input.date ?? null,
    packaged: input.packaged ?? true,
    sameDay: input.sameDay ?? false,
  };
  return { input, offer, broken: checkDonationRules(offer, now) };
}

/** The rules of what the driver records, each naming its field (nothing is written if one fails). */
function checkPickup(d: DonationView, input: PickupInput, limitC: number | null, now: Date) {
  const f: Record<string, string> = {};
  const reasons = input.reasons ?? [];
  const quantity = Number(d.quantity_kg);
  const cold = d.storage === 'chilled' || d.storage === 'frozen';
  if (cold && input.temperatureC == null && input.quality !== 'refused')
    f.temperatureC = 'don.err.temperature_required';
  const tooWarm = limitC != null && input.temperatureC != null && input.temperatureC > limitC;
  const takenAsFine = input.quality === 'good' || input.quality === 'acceptable';
  if (tooWarm && takenAsFine && !(input.temperatureConfirmed && input.temperatureReason))
    f.temperatureC = 'don.err.too_warm';
  if (input.quality !== 'good' && !input.issues && !reasons.length)
    f.issues = 'don.err.issues_required';
  const nothingTaken = input.quality === 'refused' || input.receivedKg === 0;
  if ((nothingTaken || input.remainder === 'left') && !reasons.length)
    f.reasons = 'don.err.reasons_required';
  const otherSaid = reasons.includes('other') || input.temperatureReason === 'other';
  if (otherSaid && !input.issues) f.issues = 'don.err.other_needs_text';
  if (input.quality !== 'refused' && input.receivedKg <= 0) f.receivedKg = 'don.err.kg_positive';
  if (input.receivedKg > quantity * 2) f.receivedKg = 'don.err.kg_too_much';
  if (input.remainder && input.quality === 'refused') f.remainder = 'don.err.partial_refused';
  else if (input.remainder && input.receivedKg >= quantity)
    f.receivedKg = 'don.err.partial_too_big';
  let rest: ReturnType<typeof remainderOffer> | null = null;
  if (input.remainder === 'reoffer' && !f.receivedKg && !f.remainder) {
    rest = remainderOffer(d, Math.round((quantity - input.receivedKg) * 100) / 100, now);
    if (Object.keys(rest.broken).length) f.remainder = 'don.err.remainder_too_late';
  }
  if (Object.keys(f).length) throw new ValidationError(f);
  return { rest, tooWarm: tooWarm && takenAsFine };
}

/**
 * At the shop: the driver enters the shop's code, the kg received, the temperature for chilled and
 * frozen food, and the quality (with reasons unless good). Above the cold-chain limit, "good" or
 * "acceptable" needs a confirmed reason. A partial pickup offers the rest again at once as a new
 * donation linked to this one (normal rules and alerts), or records it as left, with reasons. The
 * code is checked against the wrong codes counted (handover.ts): past a limit, 429; a wrong code
 * is counted and committed before the 422.
 */
export async function confirmPickup(
  db: Db,
  actor: Actor,
  id: number,
  input: PickupInput,
  now: Date,
  waves?: WaveSettings,
) {
  const d = await loadDonation(db, id);
  // through a relay hub, the hub's driver may collect at the shop for the partner (src/hubs)
  const hubDriver = d?.hub_id != null && d.hub_collector === 'hub' && isMemberOf(actor, d.hub_id);
  if (!d || !d.claimed_by || !(isMemberOf(actor, d.claimed_by) || hubDriver))
    throw new NotFoundError();
  if (d.status !== 'claimed') throw new ConflictError('not_claimed', 'don.err.not_claimed');
  const limitC = await coldChainLimit(db, d.storage, d.category);
  const { rest, tooWarm } = checkPickup(d, input, limitC, now);
  const to: DonationStatus = input.quality === 'refused' ? 'refused' : 'picked_up';
  const received = to === 'refused' ? 0 : input.receivedKg;
  const result = await db.transaction().execute(async (trx) => {
    const right = await checkHandoverCode(trx, {
      donationId: id,
      associationId: d.claimed_by!,
      userId: actor.user.id,
      storedCode: d.handover_code ?? '',
      typedCode: input.handoverCode,
      now,
    });
    if (!right) return null; // committed: the wrong code stays counted
    const done = await trx
      .updateTable('donations')
      .set({
        status: to,
        received_kg: received,
        quality: input.quality,
        temperature_c: input.temperatureC ?? null,
        cold_chain_reason: tooWarm ? (input.temperatureReason ?? null) : null,
        issues: input.issues ?? null,
        reasons: JSON.stringify(input.reasons ?? []),
        left_kg:
          input.remainder === 'left'
            ? Math.round((Number(d.quantity_kg) - received) * 100) / 100
            : null,
        picked_up_at: now,
        closed_at: now,
        // who gave and who took, as they are today: the record must read the same in 5 years
        trace_identities: JSON.stringify(
          await identitiesAt(trx, d.shop_id, d.claimed_by!, actor.user.id),
        ),
      })
      .where('id', '=', id)
      .where('status', '=', 'claimed')
      .where('claimed_by', '=', d.claimed_by)
      .where('handover_code', '=', d.handover_code) // the claim whose code was checked
      .returningAll()
      .executeTakeFirst();
    if (!done) throw new ConflictError('not_claimed', 'don.err.not_claimed');
    await recordEvent(trx, {
      donationId: id,
      from: 'claimed',
      to,
      actor,
      orgId: d.claimed_by,
      at: now,
      note: input.issues ?? null,
    });
    await tellShop(
      trx,
      {
        shopId: d.shop_id,
        donationId: id,
        kind: 'donation_picked_up',
        template: 'donation_picked_up',
        key: `picked_up:${id}`,
        params: {
          ...byWhom(actor, d.claimed_by!),
          description: shortDescription(d),
          kg: received,
          quality: input.quality,
          temperature: input.temperatureC ?? '',
          issues: input.issues ? input.issues.slice(0, 300) : '',
        },
      },
      now,
    );
    const remainder = rest
      ? await insertOpenDonation(trx, {
          shopId: d.shop_id,
          createdBy: d.created_by,
          input: rest.input,
          offer: rest.offer,
          event: { actor, orgId: d.claimed_by!, note: `#${id}` },
          parentId: id,
          photoOf: d.photo_token ? id : null,
          now,
          waves,
        })
      : null;
    return { done, remainder };
  });
  if (!result) throw new WrongHandoverCodeError();
  return result;
}
