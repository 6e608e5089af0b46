import { sql, type Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database, Organisation } from '../db/schema.js';
import { NotFoundError } from '../shared/errors.js';
import { addDays } from '../shared/period.js';
import { receiptValue, type ValueRule } from './value.js';

export interface ReceiptLine {
  id: number;
  pickupDay: string;
  category: string;
  description: string;
  receivedKg: number;
  dateKind: string | null;
  productDate: string | null;
  costValueEur: number | null;
  rate: number;
  rule: ValueRule;
  valueEur: number | null;
}

export interface ReceiptGroup {
  shop: Organisation;
  association: Organisation;
  lines: ReceiptLine[];
  kg: number;
  totalEur: number;
  withoutValue: number;
}

/**
 * Donations picked up in [from, to] (Paris days, the day the association took them), grouped by
 * shop and association, valued under art. 238 bis CGI (see value.ts). The caller sees the groups
 * where it is the shop or the association; the admin sees all.
 */
export async function receiptGroups(
  db: Kysely<Database>,
  actor: Actor,
  f: { from: string; to: string; shopId?: number | null; associationId?: number | null },
): Promise<ReceiptGroup[]> {
  const mine = actor.memberships.map((m) => m.organisationId);
  if (!actor.user.is_admin && !mine.length) return [];
  const rows = await db
    .selectFrom('donations as d')
    .select([
      'd.id',
      'd.shop_id',
      'd.claimed_by',
      'd.category',
      'd.description',
      'd.received_kg',
      'd.quantity_kg',
      'd.date_kind',
      'd.product_date',
      'd.value_eur',
      'd.not_sellable',
      sql<string>`stats_local_day(d.picked_up_at)::text`.as('day'),
    ])
    .where('d.status', '=', 'picked_up')
    .where(
      'd.picked_up_at',
      '>=',
      sql<Date>`(${f.from}::date::timestamp at time zone 'Europe/Paris')`,
    )
    .where(
      'd.picked_up_at',
      '<',
      sql<Date>`(${addDays(f.to, 1)}::date::timestamp at time zone 'Europe/Paris')`,
    )
    .$if(!actor.user.is_admin, (qb) =>
      qb.where((eb) => eb.or([eb('d.shop_id', 'in', mine), eb('d.claimed_by', 'in', mine)])),
    )
    .$if(!!f.shopId, (qb) => qb.where('d.shop_id', '=', f.shopId!))
    .$if(!!f.associationId, (qb) => qb.where('d.claimed_by', '=', f.associationId!))
    .orderBy('d.picked_up_at')
    .orderBy('d.id')
    .execute();
  const orgIds = [...new Set(rows.flatMap((r) => [r.shop_id, r.claimed_by!]))];
  const orgs = orgIds.length
    ? await db.selectFrom('organisations').selectAll().where('id', 'in', orgIds).execute()
    : [];
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const groups = new Map<string, ReceiptGroup>();
  for (const r of rows) {
    const key = `${r.shop_id}:${r.claimed_by}`;
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = {
          shop: byId.get(r.shop_id)!,
          association: byId.get(r.claimed_by!)!,
          lines: [],
          kg: 0,
          totalEur: 0,
          withoutValue: 0,
        }),
      );
    const v = receiptValue({
      value_eur: r.value_eur,
      date_kind: r.date_kind,
      product_date: r.product_date,
      pickupDay: r.day,
      not_sellable: r.not_sellable,
    });
    const kg = Number(r.received_kg ?? r.quantity_kg);
    g.lines.push({
      id: r.id,
      pickupDay: r.day,
      category: r.category,
      description: r.description,
      receivedKg: kg,
      dateKind: r.date_kind,
      productDate: r.product_date,
      costValueEur: r.value_eur,
      ...v,
    });
    g.kg = Math.round((g.kg + kg) * 100) / 100;
    if (v.valueEur == null) g.withoutValue++;
    else g.totalEur = Math.round(g.totalEur * 100 + v.valueEur * 100) / 100;
  }
  return [...groups.values()].sort(
    (a, b) =>
      a.shop.name.localeCompare(b.shop.name) ||
      a.association.name.localeCompare(b.association.name),
  );
}

/** One receipt: one shop, one association, one period. Visible to both and to the admin. */
export async function receiptFor(
  db: Kysely<Database>,
  actor: Actor,
  f: { from: string; to: string; shopId: number; associationId: number },
) {
  const allowed =
    actor.user.is_admin ||
    actor.memberships.some(
      (m) => m.organisationId === f.shopId || m.organisationId === f.associationId,
    );
  if (!allowed) throw new NotFoundError();
  const [g] = await receiptGroups(db, actor, f);
  if (!g) throw new NotFoundError('Nothing was picked up in this period.');
  return g;
}
