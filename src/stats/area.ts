import { sql, type Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import { hasControlChar, roundTo } from '../shared/input.js';
import { areaTowns, loadTerritory, organisationsInArea } from '../shared/scope.js';

export interface AreaInput {
  towns: string;
  lat: string;
  lng: string;
  radiusKm: string;
}

export async function listTerritories(db: Kysely<Database>) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'town', 'area_towns', 'area_lat', 'area_lng', 'area_radius_km'])
    .where('kind', '=', 'territory')
    .orderBy('name')
    .execute();
}

export async function getTerritory(db: Kysely<Database>, id: number) {
  const t = await loadTerritory(db, id);
  return { ...t, area_towns: areaTowns(t.area_towns) };
}

export const areaValues = (t: Awaited<ReturnType<typeof getTerritory>>): AreaInput => ({
  towns: t.area_towns.join('\n'),
  lat: t.area_lat == null ? '' : String(t.area_lat),
  lng: t.area_lng == null ? '' : String(t.area_lng),
  radiusKm: t.area_radius_km == null ? '' : String(t.area_radius_km),
});

/** A number of the form, at 7 decimals (about 1 cm): finer underflows PostgreSQL's trigonometry. */
const numOrNull = (s: string) =>
  s.trim() === '' ? null : roundTo(7)(Number(s.trim().replace(',', '.')));

/** The admin sets a territory's area: towns, or a centre and a radius (or both). */
export async function setTerritoryArea(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: AreaInput,
) {
  if (!actor.user.is_admin) throw new ForbiddenError();
  await getTerritory(db, id);
  const errors: Record<string, string> = {};
  const towns = [
    ...new Set(
      input.towns
        .split(/[\n,;]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (towns.some((s) => s.length > 100) || towns.length > 500) errors.towns = 'area.err.town';
  else if (towns.some(hasControlChar)) errors.towns = 'err.invalid_char';
  const lat = numOrNull(input.lat);
  const lng = numOrNull(input.lng);
  const radius = numOrNull(input.radiusKm);
  if (lat != null && !(Number.isFinite(lat) && lat >= -90 && lat <= 90))
    errors.lat = 'area.err.lat';
  if (lng != null && !(Number.isFinite(lng) && lng >= -180 && lng <= 180))
    errors.lng = 'area.err.lng';
  if (radius != null && !(Number.isFinite(radius) && radius >= 0.1 && radius <= 200))
    errors.radiusKm = 'area.err.radius';
  const given = [lat, lng, radius].filter((v) => v != null).length;
  if (given > 0 && given < 3)
    for (const [k, v] of [
      ['lat', lat],
      ['lng', lng],
      ['radiusKm', radius],
    ] as const)
      if (v == null) errors[k] ??= 'area.err.circle';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  await db
    .updateTable('organisations')
    .set({
      area_towns: sql`${JSON.stringify(towns)}::text::jsonb` as any,
      area_lat: lat,
      area_lng: lng,
      area_radius_km: radius,
    })
    .where('id', '=', id)
    .execute();
  return organisationsInArea(db, id);
}
