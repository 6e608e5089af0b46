// Where a territory's area lacks coverage (issue #19): shops whose donations often expire with
// nobody, communes no association reaches, associations without the cold storage chilled food
// needs (the candidates for a relay hub). Everything kept to the area of the actor's territory.
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { associationDistanceKm, associationRules, distanceKm } from '../donations/matching.js';
import { addDays, type StatsQuery } from '../shared/period.js';
import { organisationsInArea } from '../shared/scope.js';
import { territoryOf } from './news.js';

type Db = Kysely<Database>;
/** The longest lists a page shows (the worst first). */
const LIMIT = 100;

const range = (q: StatsQuery) => ({
  start: sql`(${q.from}::date::timestamp at time zone 'Europe/Paris')`,
  end: sql`(${addDays(q.to, 1)}::date::timestamp at time zone 'Europe/Paris')`,
});

/**
 * The area's shops with donations that expired unclaimed (`expired`: nobody claimed them before
 * the window ended) among those posted in the period, withdrawn ones aside; the highest share first.
 */
async function expiringShops(db: Db, shopIds: number[], q: StatsQuery) {
  if (!shopIds.length) return [];
  const { start, end } = range(q);
  const { rows } = await sql<{
    id: number;
    name: string;
    town: string | null;
    posted: number;
    expired: number;
    expired_kg: number;
  }>`
    select o.id, o.name, o.town, count(*)::int as posted,
      count(*) filter (where d.status = 'expired')::int as expired,
      coalesce(sum(d.quantity_kg) filter (where d.status = 'expired'), 0)::float8 as expired_kg
    from donations d join organisations o on o.id = d.shop_id
    where d.shop_id in (${sql.join(shopIds)}) and d.status <> 'cancelled'
      and d.created_at >= ${start} and d.created_at < ${end}
    group by o.id, o.name, o.town
    having count(*) filter (where d.status = 'expired') > 0
    order by count(*) filter (where d.status = 'expired')::float8 / count(*) desc,
      count(*) filter (where d.status = 'expired') desc, o.name
    limit ${LIMIT}`.execute(db);
  return rows.map((r) => ({
    ...r,
    expiredKg: Math.round(Number(r.expired_kg) * 100) / 100,
    share: Math.round((r.expired / r.posted) * 1000) / 1000,
  }));
}

/**
 * The communes of the area whose shops no approved association reaches: each shop measured as the
 * feed measures a donation at it (its distance to the association within the association's own
 * radius, matching.ts). A commune is named by its INSEE code (or its town, without one).
 */
async function communesOutOfReach(db: Db, shopIds: number[]) {
  if (!shopIds.length) return [];
  const d = distanceKm(sql`a.lat`, sql`a.lng`, sql`s.lat`, sql`s.lng`);
  const { rows } = await sql<{
    citycode: string | null;
    town: string | null;
    reached: boolean;
    nearest_km: number | null;
  }>`
    select s.citycode, s.town,
      exists (select 1 from organisations a where ${associationRules.approved} and ${d} <= a.radius_km) as reached,
      (select min(${d}) from organisations a where ${associationRules.approved})::float8 as nearest_km
    from organisations s where s.id in (${sql.join(shopIds)}) and s.kind = 'shop'`.execute(db);
  const byCommune = new Map<
    string,
    {
      citycode: string | null;
      town: string | null;
      shops: number;
      reached: number;
      nearestKm: number | null;
    }
  >();
  for (const r of rows) {
    const key = r.citycode ?? `town:${(r.town ?? '').trim().toLowerCase()}`;
    const c = byCommune.get(key) ?? {
      citycode: r.citycode,
      town: r.town,
      shops: 0,
      reached: 0,
      nearestKm: null,
    };
    c.shops++;
    if (r.reached) c.reached++;
    if (r.nearest_km != null)
      c.nearestKm = Math.min(c.nearestKm ?? Infinity, Math.round(Number(r.nearest_km) * 10) / 10);
    byCommune.set(key, c);
  }
  return [...byCommune.values()]
    .filter((c) => c.reached === 0)
    .sort((a, b) => b.shops - a.shops || (a.town ?? '').localeCompare(b.town ?? ''))
    .slice(0, LIMIT);
}

/** The communes of the area (by official communes) where no shop nor association has signed up. */
async function emptyCommunes(db: Db, territoryId: number) {
  const { rows } = await sql<{ citycode: string }>`
    select tc.citycode from territory_communes tc
    where tc.territory_id = ${territoryId}
      and not exists (select 1 from organisations o where o.citycode = tc.citycode
        and o.kind in ('shop', 'association', 'producer_org'))
    order by tc.citycode`.execute(db);
  return rows.map((r) => r.citycode);
}

/**
 * The area's approved associations short of a fridge or a freezer, with the chilled or frozen
 * donations of the period posted within their radius that their kit kept from them (the storage
 * rule of matching.ts; withdrawn ones aside), how many of those expired with nobody, and the chilled or frozen claims
 * they gave back for want of room. Those with any are the candidates for a relay hub.
 */
async function coldStorageCandidates(db: Db, associationIds: number[], q: StatsQuery) {
  if (!associationIds.length) return [];
  const { start, end } = range(q);
  const { rows } = await sql<{
    id: number;
    name: string;
    town: string | null;
    storage_chilled: boolean;
    storage_frozen: boolean;
    missed: number;
    missed_kg: number;
    missed_expired: number;
    no_room: number;
  }>`
    with d as (
      select id, lat, lng, storage, quantity_kg, status from donations
      where storage in ('chilled', 'frozen') and status <> 'cancelled'
        and created_at >= ${start} and created_at < ${end}
    ),
    a as (
      select * from organisations a
      where a.id in (${sql.join(associationIds)}) and ${associationRules.approved}
        and not (a.storage_chilled and a.storage_frozen)
        -- a partner of a relay hub already takes chilled and frozen food through it
        and not exists (select 1 from hub_partners hp
          where hp.partner_id = a.id and hp.status = 'accepted')
    )
    select a.id, a.name, a.town, a.storage_chilled, a.storage_frozen,
      count(d.id)::int as missed,
      coalesce(sum(d.quantity_kg), 0)::float8 as missed_kg,
      count(d.id) filter (where d.status = 'expired')::int as missed_expired,
      (select count(*) from donation_events e join donations x on x.id = e.donation_id
        where e.actor_org_id = a.id and e.from_status = 'claimed' and e.to_status = 'open'
          and e.reason = 'no_room' and x.storage in ('chilled', 'frozen')
          and e.at >= ${start} and e.at < ${end})::int as no_room
    from a left join d on ${associationDistanceKm} <= a.radius_km and not ${associationRules.storage}
    group by a.id, a.name, a.town, a.storage_chilled, a.storage_frozen`.execute(db);
  return rows
    .filter((r) => r.missed > 0 || r.no_room > 0)
    .map((r) => ({
      id: r.id,
      name: r.name,
      town: r.town,
      chilled: r.storage_chilled,
      frozen: r.storage_frozen,
      missed: r.missed,
      missedKg: Math.round(Number(r.missed_kg) * 100) / 100,
      missedExpired: r.missed_expired,
      noRoom: r.no_room,
    }))
    .sort((a, b) => b.missedKg - a.missedKg || b.noRoom - a.noRoom || a.name.localeCompare(b.name))
    .slice(0, LIMIT);
}

/** The coverage page's three lists for the actor's territory, over the period of `q`. */
export async function territoryCoverage(db: Db, actor: Actor, q: StatsQuery) {
  const territory = territoryOf(actor);
  const area = await organisationsInArea(db, territory.organisationId);
  const [expiring, outOfReach, empty, cold] = await Promise.all([
    expiringShops(db, area.shopIds, q),
    communesOutOfReach(db, area.shopIds),
    emptyCommunes(db, territory.organisationId),
    coldStorageCandidates(db, area.associationIds, q),
  ]);
  return {
    from: q.from,
    to: q.to,
    areaEmpty: !area.shopIds.length && !area.associationIds.length,
    expiring,
    outOfReach,
    emptyCommunes: empty,
    cold,
  };
}
export type Coverage = Awaited<ReturnType<typeof territoryCoverage>>;
