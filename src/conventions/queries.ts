import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { weekdaysOf } from '../series/dates.js';
import type { SeriesTerm } from './terms.js';

/** An association took from the shop within this many days: a partner (L.541-15-6 duty list). */
export const PARTNER_DAYS = 365;

const since = (now: Date) => new Date(now.getTime() - PARTNER_DAYS * 86_400_000);

export interface Partner {
  id: number;
  name: string;
  lastPickupAt: Date | null;
}

/**
 * The other side's organisations an organisation works with: for a shop, the approved associations
 * that picked up from it in the last 12 months or that one of its running regular donations names;
 * for an association, the shops it picked up from or whose regular donation names it. These are
 * the ones it may propose an agreement to (it knows them already: nothing else is listed).
 */
export async function partnersOf(
  db: Kysely<Database>,
  org: { id: number; kind: 'shop' | 'association' },
  now: Date,
): Promise<Partner[]> {
  const isShop = org.kind === 'shop';
  const mine = isShop ? 'shop_id' : 'claimed_by';
  const theirs = isShop ? 'claimed_by' : 'shop_id';
  const seriesMine = isShop ? 'shop_id' : 'association_id';
  const seriesTheirs = isShop ? 'association_id' : 'shop_id';
  const { rows } = await sql<{ id: number; name: string; last_pickup_at: Date | null }>`
    with linked as (
      select ${sql.ref(`d.${theirs}`)} as id, max(d.picked_up_at) as last_pickup_at
      from donations d
      where ${sql.ref(`d.${mine}`)} = ${org.id} and d.status = 'picked_up'
        and d.picked_up_at >= ${since(now)} and d.claimed_by is not null
      group by 1
      union all
      select ${sql.ref(`s.${seriesTheirs}`)}, null
      from donation_series s
      where ${sql.ref(`s.${seriesMine}`)} = ${org.id} and s.ended_at is null
        and s.association_id is not null
    )
    select o.id, o.name, max(l.last_pickup_at) as last_pickup_at
    from linked l join organisations o on o.id = l.id
    where o.kind = ${isShop ? 'association' : 'shop'} and o.approved
    group by o.id, o.name
    order by max(l.last_pickup_at) desc nulls last, o.name`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    lastPickupAt: r.last_pickup_at && new Date(r.last_pickup_at),
  }));
}

/**
 * The shop's running regular donations for the association: those naming it, and those whose
 * occurrences it picked up in the last 12 months.
 */
export async function seriesForPair(
  db: Kysely<Database>,
  shopId: number,
  associationId: number,
  now: Date,
): Promise<SeriesTerm[]> {
  const rows = await db
    .selectFrom('donation_series as s')
    .selectAll('s')
    .where('s.shop_id', '=', shopId)
    .where('s.ended_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('s.association_id', '=', associationId),
        eb.exists(
          eb
            .selectFrom('donations as d')
            .select('d.id')
            .whereRef('d.series_id', '=', 's.id')
            .where('d.claimed_by', '=', associationId)
            .where('d.status', '=', 'picked_up')
            .where('d.picked_up_at', '>=', since(now)),
        ),
      ]),
    )
    .orderBy('s.id')
    .limit(50)
    .execute();
  return rows.map((s) => ({
    id: s.id,
    category: s.category,
    description: s.description,
    weekdays: weekdaysOf(s.weekdays),
    from: s.pickup_from_time,
    until: s.pickup_until_time,
    kg: Number(s.quantity_kg),
  }));
}

/** Pairs of the shop's partners with an agreement in force on `today`, or one pending. */
export async function coveredPairs(db: Kysely<Database>, shopId: number, today: string) {
  const rows = await db
    .selectFrom('conventions')
    .select(['id', 'association_id', 'status'])
    .where('shop_id', '=', shopId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'pending'),
        eb.and([
          eb('status', '=', 'active'),
          eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]),
        ]),
      ]),
    )
    .execute();
  return new Map(rows.map((r) => [r.association_id, { id: r.id, status: r.status }]));
}

export interface MissingConvention extends Partner {
  /** a proposal waiting for an answer, if there is one */
  pendingId: number | null;
}

/**
 * For a shop under the legal duty: its partner associations that have no agreement in force
 * (with the pending proposal, where there is one).
 */
export async function associationsWithoutConvention(
  db: Kysely<Database>,
  shopId: number,
  now: Date,
  today: string,
): Promise<MissingConvention[]> {
  const partners = await partnersOf(db, { id: shopId, kind: 'shop' }, now);
  const covered = await coveredPairs(db, shopId, today);
  return partners
    .filter((p) => covered.get(p.id)?.status !== 'active')
    .map((p) => ({ ...p, pendingId: covered.get(p.id)?.id ?? null }));
}
