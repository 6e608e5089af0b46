import { sql, type Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database, Organisation } from '../db/schema.js';
import { NotFoundError } from '../shared/errors.js';
import { addDays } from '../shared/period.js';
import { donationSplits } from '../rounds/split-kg.js';
import { receiptValue, type ValueRule } from './value.js';

/** A row of donationSplits (split-kg.ts). */
interface SplitRow {
  donation_id: number;
  association_id: number;
  fraction: string;
}

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
 * shop and association, valued under art. 238 bis CGI (see value.ts). The association is the one
 * that received the food: a donation of a shared round is on each association's receipt for its
 * share of the kg and of the cost value (src/rounds/split-kg.ts), as each receipt states only
 * what that association received. The caller sees the groups
 * where it is the shop or the association; the admin sees all.
 */
export async function receiptGroups(
  db: Kysely<Database>,
  actor: Actor,
  f: { from: string; to: string; shopId?: number | null; associationId?: number | null },
): Promise<ReceiptGroup[]> {
  const mine = actor.memberships.map((m) => m.organisationId);
  if (!actor.user.is_admin && !mine.length) return [];
  // a shared round's donation: each association's share of it (split-kg.ts), else the claimant's
  const assoc = sql<number>`coalesce(sp.association_id, d.claimed_by)`;
  const rows = await db
    .selectFrom('donations as d')
    .leftJoin(sql<SplitRow>`(${donationSplits})`.as('sp'), (j) =>
      j.onRef('sp.donation_id', '=', 'd.id'),
    )
    .select([
      'd.id',
      'd.shop_id',
      assoc.as('claimed_by'),
      sql<number>`coalesce(sp.fraction, 1)::float8`.as('fraction'),
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
    .where(sql<boolean>`coalesce(sp.fraction, 1) > 0`)
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
      qb.where((eb) => eb.or([eb('d.shop_id', 'in', mine), eb(assoc, 'in', mine)])),
    )
    .$if(!!f.shopId, (qb) => qb.where('d.shop_id', '=', f.shopId!))
    .$if(!!f.associationId, (qb) => qb.where(assoc, '=', f.associationId!))
    .orderBy('d.picked_up_at')
    .orderBy('d.id')
    .execute();
  const cents = (n: number) => Math.round(n * 100) / 100;
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
    // the association's share of the cost value, as of the kg
    const cost = r.value_eur == null ? null : cents(Number(r.value_eur) * r.fraction);
    const v = receiptValue({
      value_eur: cost,
      date_kind: r.date_kind,
      product_date: r.product_date,
      pickupDay: r.day,
      not_sellable: r.not_sellable,
    });
    const kg = cents(Number(r.received_kg ?? r.quantity_kg) * r.fraction);
    g.lines.push({
      id: r.id,
      pickupDay: r.day,
      category: r.category,
      description: r.description,
      receivedKg: kg,
      dateKind: r.date_kind,
      productDate: r.product_date,
      costValueEur: cost,
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
