import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { PART_KINDS, type AreaPart, type CommuneIndex, type PartKind } from '../places/communes.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import { hasControlChar, roundTo } from '../shared/input.js';
import { areaTowns, loadTerritory, organisationsInArea } from '../shared/scope.js';

/** The area form as typed: the chosen parts ("epci:200071827"), a search, and a circle. */
export interface AreaInput {
  parts: string[];
  q: string;
  lat: string;
  lng: string;
  radiusKm: string;
}

/** Where the commune index comes from (Node: the package, read once); absent on Workers. */
export type CommuneSource = () => Promise<CommuneIndex>;

export const MAX_PARTS = 100;
export const MAX_QUERY = 100;

export async function listTerritories(db: Kysely<Database>) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'town'])
    .where('kind', '=', 'territory')
    .orderBy('name')
    .execute();
}

/** A territory with its area: the parts saved (in their order) and the old town names, if any. */
export async function getTerritory(db: Kysely<Database>, id: number) {
  const t = await loadTerritory(db, id);
  const parts = await db
    .selectFrom('territory_area_parts')
    .select(['kind', 'code', 'name', 'communes'])
    .where('territory_id', '=', id)
    .orderBy('position')
    .execute();
  return { ...t, area_towns: areaTowns(t.area_towns), parts: parts as AreaPart[] };
}
export type Territory = Awaited<ReturnType<typeof getTerritory>>;

export const partKey = (p: { kind: string; code: string }) => `${p.kind}:${p.code}`;

export const areaValues = (t: Territory): AreaInput => ({
  parts: t.parts.map(partKey),
  q: '',
  lat: t.area_lat == null ? '' : String(t.area_lat),
  lng: t.area_lng == null ? '' : String(t.area_lng),
  radiusKm: t.area_radius_km == null ? '' : String(t.area_radius_km),
});

/** "kind:code" as posted, or null when it cannot be one. */
function readPartKey(s: string): { kind: PartKind; code: string } | null {
  const m = /^(commune|epci|departement):([0-9AB]{2,9})$/.exec(s.trim());
  return m && PART_KINDS.includes(m[1] as PartKind) ? { kind: m[1] as PartKind, code: m[2] } : null;
}

/**
 * The parts named by the form, described (name, commune count): from the index when there is one,
 * else from what was saved (Workers). Field message on `q` for a part nobody can name.
 */
export async function describeParts(t: Territory, keys: string[], communes?: CommuneSource) {
  const unique = [...new Set(keys.map((k) => k.trim()).filter(Boolean))];
  if (unique.length > MAX_PARTS) throw new ValidationError({ q: 'area.err.too_many' });
  const saved = new Map(t.parts.map((p) => [partKey(p), p]));
  const index = unique.every((k) => saved.has(k)) ? null : await communes?.();
  return unique.map((k) => {
    const key = readPartKey(k);
    const part = key && (index ? index.part(key.kind, key.code) : saved.get(k));
    if (!part)
      throw new ValidationError({ q: index || !key ? 'area.err.unknown' : 'area.err.needs_node' });
    return part;
  });
}

/**
 * The form between two saves: a part added or removed, or the parts matching a search. Nothing is
 * saved. An unknown code, a search too long, no index (Workers): a field message on `q`.
 */
export async function editArea(
  t: Territory,
  input: AreaInput & { add?: string; remove?: string },
  communes?: CommuneSource,
) {
  let keys = input.parts;
  if (input.remove) keys = keys.filter((k) => k !== input.remove);
  if (input.add) keys = [...keys, input.add];
  const parts = await describeParts(t, keys, communes);
  const q = input.q.trim();
  if (input.add || !q) return { parts, matches: null };
  return { parts, matches: await searchParts(q, communes) };
}

/** Communes, EPCI and départements matching a name or a code (the form's suggestions). */
export async function searchParts(q: string, communes?: CommuneSource) {
  if (q.length > MAX_QUERY) throw new ValidationError({ q: 'err.too_long' });
  if (hasControlChar(q)) throw new ValidationError({ q: 'err.invalid_char' });
  if (!communes) throw new ValidationError({ q: 'area.err.needs_node' });
  const found = (await communes()).search(q, 10);
  if (found.unknownCode) throw new ValidationError({ q: 'area.err.unknown_code' });
  return found.parts;
}

/** A number of the form, at 7 decimals (about 1 cm): finer underflows PostgreSQL's trigonometry. */
const numOrNull = (s: string) =>
  s.trim() === '' ? null : roundTo(7)(Number(s.trim().replace(',', '.')));

function readCircle(input: AreaInput) {
  const errors: Record<string, string> = {};
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
  return { errors, lat, lng, radius };
}

/** INSEE codes of the parts: kept as saved when the parts did not change, else from the index. */
async function resolveCitycodes(
  db: Kysely<Database>,
  t: Territory,
  parts: AreaPart[],
  communes?: CommuneSource,
) {
  const same =
    parts.length === t.parts.length && parts.every((p, i) => partKey(p) === partKey(t.parts[i]));
  if (same) {
    const rows = await db
      .selectFrom('territory_communes')
      .select('citycode')
      .where('territory_id', '=', t.id)
      .execute();
    return rows.map((r) => r.citycode);
  }
  const index = await communes!(); // describeParts has checked there is one for new parts
  return [...new Set(parts.flatMap((p) => index.citycodes(p.kind, p.code) ?? []))];
}

/**
 * The admin sets a territory's area: official parts (communes, EPCI, départements) and/or a
 * centre and a radius. The parts' INSEE codes are stored with them, so membership needs no list
 * of communes at run time; the old town names are dropped. Nothing is saved on any error.
 */
export async function setTerritoryArea(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: AreaInput,
  communes?: CommuneSource,
) {
  if (!actor.user.is_admin) throw new ForbiddenError();
  const t = await getTerritory(db, id);
  const circle = readCircle(input);
  let parts: AreaPart[] = [];
  try {
    parts = await describeParts(t, input.parts, communes);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    Object.assign(circle.errors, e.fields);
  }
  if (Object.keys(circle.errors).length) throw new ValidationError(circle.errors);
  const citycodes = await resolveCitycodes(db, t, parts, communes);
  await db
    .transaction()
    .execute((trx) => storeTerritoryArea(trx, id, { parts, citycodes, circle }));
  return organisationsInArea(db, id);
}

/**
 * Writes a territory's area as checked: its parts, their INSEE codes and its circle, in place of
 * what it had (town names typed by hand included). Call it inside a transaction.
 */
export async function storeTerritoryArea(
  trx: Kysely<Database>,
  id: number,
  area: {
    parts: AreaPart[];
    citycodes: string[];
    circle: { lat: number | null; lng: number | null; radius: number | null };
  },
) {
  const { parts, citycodes, circle } = area;
  await trx
    .updateTable('organisations')
    .set({
      area_towns: null,
      area_lat: circle.lat,
      area_lng: circle.lng,
      area_radius_km: circle.radius,
    })
    .where('id', '=', id)
    .execute();
  await trx.deleteFrom('territory_area_parts').where('territory_id', '=', id).execute();
  await trx.deleteFrom('territory_communes').where('territory_id', '=', id).execute();
  if (parts.length)
    await trx
      .insertInto('territory_area_parts')
      .values(parts.map((p, position) => ({ territory_id: id, ...pick(p), position })))
      .execute();
  // a few départements make thousands of rows: in batches, under the parameter limit
  for (let i = 0; i < citycodes.length; i += 2000)
    await trx
      .insertInto('territory_communes')
      .values(citycodes.slice(i, i + 2000).map((citycode) => ({ territory_id: id, citycode })))
      .execute();
}

const pick = (p: AreaPart) => ({
  kind: p.kind,
  code: p.code,
  name: p.name.slice(0, 200),
  communes: p.communes,
});

/** The old town names of an area (before official communes), or [] once it was edited. */
export const legacyTowns = (t: Territory) => (t.parts.length ? [] : t.area_towns);
