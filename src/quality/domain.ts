import { sql, type Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database, PickupReason } from '../db/schema.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { StatsQuery } from '../shared/period.js';
import { inScope, resolveScope, type Scope } from '../shared/scope.js';

export interface Defect {
  id: number;
  day: string;
  shopId: number;
  shopName: string;
  associationName: string | null;
  category: string;
  description: string;
  storage: string;
  status: string;
  quality: string | null;
  temperatureC: number | null;
  limitC: number | null;
  issues: string | null;
  reasons: ('quality' | 'temperature' | 'issues' | 'hub_temperature' | 'hub_refused')[];
  /** taken through a relay hub: the temperature at the hub's handover (src/hubs), else null */
  hubTemperatureC: number | null;
  /** refused on arrival at a relay hub: its reason (PICKUP_REASONS), else null */
  hubRefusalReason: string | null;
  /** refused on arrival at a relay hub: the kg taken at the shop, waste not avoided; else null */
  hubRefusedKg: number | null;
  /** the structured reasons the association gave at pickup (PICKUP_REASONS) */
  codes: PickupReason[];
  /** above the cold-chain limit but taken as good or acceptable: the reason confirmed */
  coldChainReason: string | null;
  actions: { action: string; at: Date; by: string | null }[];
}

/**
 * Defects of the period in the scope: pickups reported poor or refused, above the temperature limit
 * of their storage (stats_temperature_limit in migration 0004), or with issues written down.
 */
export async function listDefects(
  db: Kysely<Database>,
  scope: Scope,
  q: StatsQuery,
  only?: number,
): Promise<Defect[]> {
  const { rows } = await sql<any>`
    select d.id, stats_local_day(coalesce(d.picked_up_at, d.closed_at, d.pickup_until))::text as day, d.shop_id, s.name as shop_name,
      a.name as association_name, d.category, d.description, d.storage, d.status, d.quality, d.temperature_c,
      stats_temperature_limit(d.storage, d.category)::float8 as limit_c, d.issues, d.reasons as codes,
      d.cold_chain_reason, hd.temperature_c as hub_temperature_c, hd.refusal_reason as hub_refusal_reason,
      coalesce(d.received_kg, d.quantity_kg)::float8 as kg
    from donations d join organisations s on s.id = d.shop_id left join organisations a on a.id = d.claimed_by
      left join hub_deposits hd on hd.donation_id = d.id
    where (stats_is_defect(d.status, d.quality, d.temperature_c, d.issues, d.storage, d.category)
        or hd.temperature_c > stats_temperature_limit(d.storage, d.category) or hd.refusal_reason is not null)
      and stats_local_day(coalesce(d.picked_up_at, d.closed_at, d.pickup_until)) between ${q.from} and ${q.to}
      and ${inScope(scope, 'd.shop_id', 'd.claimed_by')}
      ${q.shopId ? sql`and d.shop_id = ${q.shopId}` : sql``}
      ${only ? sql`and d.id = ${only}` : sql``}
    order by 2 desc, d.id desc limit 500`.execute(db);
  const ids = rows.map((r: any) => r.id);
  const actions = ids.length
    ? await db
        .selectFrom('quality_actions as qa')
        .leftJoin('users as u', 'u.id', 'qa.created_by')
        .select(['qa.donation_id', 'qa.action', 'qa.created_at', 'u.name'])
        .where('qa.donation_id', 'in', ids)
        .orderBy('qa.id')
        .execute()
    : [];
  return rows.map((r: any) => {
    const quality = r.quality ?? (r.status === 'refused' ? 'refused' : null);
    const temp = r.temperature_c == null ? null : Number(r.temperature_c);
    const reasons: Defect['reasons'] = [];
    if (quality === 'poor' || quality === 'refused') reasons.push('quality');
    if (temp != null && r.limit_c != null && temp > r.limit_c) reasons.push('temperature');
    if (r.issues && r.issues.trim()) reasons.push('issues');
    const hubTemp = r.hub_temperature_c == null ? null : Number(r.hub_temperature_c);
    if (hubTemp != null && r.limit_c != null && hubTemp > r.limit_c)
      reasons.push('hub_temperature');
    if (r.hub_refusal_reason) reasons.push('hub_refused');
    return {
      id: r.id,
      day: r.day,
      shopId: r.shop_id,
      shopName: r.shop_name,
      associationName: r.association_name,
      category: r.category,
      description: r.description,
      storage: r.storage,
      status: r.status,
      quality,
      temperatureC: temp,
      limitC: r.limit_c,
      hubTemperatureC: hubTemp,
      hubRefusalReason: r.hub_refusal_reason ?? null,
      hubRefusedKg: r.hub_refusal_reason ? Number(r.kg) : null,
      issues: r.issues,
      reasons,
      codes: typeof r.codes === 'string' ? JSON.parse(r.codes) : (r.codes ?? []),
      coldChainReason: r.cold_chain_reason,
      actions: actions
        .filter((a) => a.donation_id === r.id)
        .map((a) => ({ action: a.action, at: a.created_at, by: a.name })),
    };
  });
}

/**
 * How often each structured reason was given among these defects, most frequent first: at the
 * shop's handover, and a relay hub's reason for refusing the food on arrival.
 */
export function countReasonCodes(defects: Defect[]) {
  const counts = new Map<PickupReason, number>();
  const add = (c: PickupReason) => counts.set(c, (counts.get(c) ?? 0) + 1);
  for (const d of defects) {
    d.codes.forEach(add);
    if (d.hubRefusalReason) add(d.hubRefusalReason as PickupReason);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** The defects of the period that this actor may see (its scope, narrowed by `q.organisationId`). */
export async function visibleDefects(db: Kysely<Database>, actor: Actor, q: StatsQuery) {
  return listDefects(db, await resolveScope(db, actor, q.organisationId), q);
}

/** The shop records what it did about a defect (Décret 2020-1274: follow up corrective actions). */
export async function recordCorrectiveAction(
  db: Kysely<Database>,
  actor: Actor,
  donationId: number,
  text: string,
  now: Date,
) {
  const action = text.trim();
  const d = await db
    .selectFrom('donations')
    .select([
      'id',
      'shop_id',
      // a defect at the shop, or above the cold-chain limit at a relay hub's handover (src/hubs)
      sql<boolean>`(stats_is_defect(status, quality, temperature_c, issues, storage, category)
        or exists (select 1 from hub_deposits hd where hd.donation_id = donations.id
          and (hd.temperature_c > stats_temperature_limit(storage, category)
            or hd.refusal_reason is not null)))`.as('defect'),
    ])
    .where('id', '=', donationId)
    .executeTakeFirst();
  const isShopMember = d && actor.memberships.some((m) => m.organisationId === d.shop_id);
  if (!d || (!isShopMember && !actor.user.is_admin)) throw new NotFoundError();
  if (!isShopMember) throw new ForbiddenError();
  if (!d.defect) throw new NotFoundError();
  if (action.length < 3) throw new ValidationError({ action: 'quality.err.action_short' });
  if (action.length > 2000) throw new ValidationError({ action: 'quality.err.action_long' });
  return db
    .insertInto('quality_actions')
    .values({
      donation_id: d.id,
      shop_id: d.shop_id,
      action,
      created_by: actor.user.id,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
