import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { NotFoundError } from './errors.js';

/**
 * What a caller may see: every donation (admin), or the donations given by `shopIds` or
 * collected by `associationIds`. A shop sees its own, an association what it claimed, a
 * territory the donations of the shops and associations in its area. A producer organisation
 * is a donor (its withdrawals received by associations), so it sits with the shops.
 */
export type Scope =
  | { all: true; label: string }
  | { all: false; label: string; shopIds: number[]; associationIds: number[]; territory?: boolean };

/** A territory organisation, with its area; anything else is not found. */
export async function loadTerritory(db: Kysely<Database>, id: number, message?: string) {
  const t = await db
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', id)
    .where('kind', '=', 'territory')
    .executeTakeFirst();
  if (!t) throw new NotFoundError(message);
  return t;
}

type TerritoryRow = Awaited<ReturnType<typeof loadTerritory>>;

/**
 * SQL condition on `o` (organisations): it lies in the territory's area, its commune (INSEE code)
 * among the area's communes, or within its radius; a territory whose area still has town names
 * typed by hand (before official communes) matches those too, by name. Any of them is enough.
 */
export function inAreaOf(t: TerritoryRow): RawBuilder<boolean> {
  const towns = areaTowns(t.area_towns)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const circle = t.area_lat != null && t.area_lng != null && t.area_radius_km != null;
  const parts = [
    sql`o.citycode in (select tc.citycode from territory_communes tc where tc.territory_id = ${t.id})`,
  ];
  if (towns.length) parts.push(sql`lower(btrim(o.town)) in (${sql.join(towns)})`);
  if (circle) parts.push(sql`${distanceKmSql(t.area_lat!, t.area_lng!)} <= ${t.area_radius_km}`);
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** The shops and associations in a territory's area (inAreaOf). */
export async function organisationsInArea(db: Kysely<Database>, territoryId: number) {
  const t = await loadTerritory(db, territoryId, 'No such territory.');
  const rows = await db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.kind'])
    .where('o.kind', 'in', ['shop', 'association', 'producer_org'])
    .where(inAreaOf(t))
    .orderBy('o.id')
    .execute();
  return {
    // a producer organisation gives through market withdrawals: a donor, like a shop
    shopIds: rows.filter((r) => r.kind !== 'association').map((r) => r.id),
    associationIds: rows.filter((r) => r.kind === 'association').map((r) => r.id),
  };
}

/** jsonb written as a string parameter may come back as a JSON string (postgres.js): read both. */
export function areaTowns(v: unknown): string[] {
  const parsed = typeof v === 'string' ? JSON.parse(v) : v;
  return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
}

/** Great-circle distance from the organisation (columns lat, lng) to a point, in km. */
export function distanceKmSql(lat: number, lng: number): RawBuilder<number> {
  // least(1, ...): near the antipode, rounding can take the haversine just above 1, out of asin's range
  return sql<number>`6371 * 2 * asin(least(1, sqrt(power(sin(radians(lat - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(lat)) * power(sin(radians(lng - ${lng}) / 2), 2))))`;
}

async function scopeOfOrganisation(db: Kysely<Database>, id: number): Promise<Scope> {
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!org) throw new NotFoundError('No such organisation.');
  if (org.kind === 'shop' || org.kind === 'producer_org')
    return { all: false, label: org.name, shopIds: [org.id], associationIds: [] };
  if (org.kind === 'association')
    return { all: false, label: org.name, shopIds: [], associationIds: [org.id] };
  if (org.kind === 'territory')
    return {
      all: false,
      label: org.name,
      territory: true,
      ...(await organisationsInArea(db, org.id)),
    };
  return { all: false, label: org.name, shopIds: [], associationIds: [] };
}

/**
 * The caller's scope. `organisationId` narrows it: the admin to any organisation, a member to one
 * of their organisations, a territory to a shop or association of its area. Anything else: 404.
 */
export async function resolveScope(
  db: Kysely<Database>,
  actor: Actor,
  organisationId?: number | null,
): Promise<Scope> {
  if (actor.user.is_admin)
    return organisationId ? scopeOfOrganisation(db, organisationId) : { all: true, label: '*' };
  if (organisationId && actor.memberships.some((m) => m.organisationId === organisationId))
    return scopeOfOrganisation(db, organisationId);
  if (!actor.org) return { all: false, label: '', shopIds: [], associationIds: [] };
  const own = await scopeOfOrganisation(db, actor.org.organisationId);
  if (!organisationId) return own;
  if (
    own.all === false &&
    actor.org.kind === 'territory' &&
    (own.shopIds.includes(organisationId) || own.associationIds.includes(organisationId))
  )
    return scopeOfOrganisation(db, organisationId);
  throw new NotFoundError('No such organisation.');
}

/** SQL condition: the row belongs to the scope (its shop or its association is in it). */
export function inScope(scope: Scope, shopCol: string, assocCol: string): RawBuilder<boolean> {
  if (scope.all) return sql<boolean>`true`;
  const parts: RawBuilder<unknown>[] = [];
  if (scope.shopIds.length) parts.push(sql`${sql.ref(shopCol)} in (${sql.join(scope.shopIds)})`);
  if (scope.associationIds.length)
    parts.push(sql`${sql.ref(assocCol)} in (${sql.join(scope.associationIds)})`);
  if (!parts.length) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** May this actor see a shop's or association's own figures (used for names in rankings)? */
export function scopeIncludesOrg(scope: Scope, id: number) {
  return scope.all || scope.shopIds.includes(id) || scope.associationIds.includes(id);
}
