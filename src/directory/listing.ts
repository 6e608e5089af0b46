import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { NotFoundError } from '../shared/errors.js';
import { cityNameSql, communeOf, communeOfSql } from '../places/arrondissements.js';
import { distanceKmSql, inAreaOf, loadTerritory } from '../shared/scope.js';
import { SERVICES, type DirectoryQuery, type Service } from './schemas.js';

export const PAGE_SIZE = 30;
/** A shop "gives" when it posted a donation (not cancelled) in this many days. */
export const GIVING_DAYS = 183;
/** The commune filter's choices, at most. */
export const MAX_COMMUNES = 300;

const SERVICE_COLUMN = {
  grocery: 'd.serves_grocery',
  parcels: 'd.serves_parcels',
  meals: 'd.serves_meals',
  other: 'd.serves_other',
} as const satisfies Record<Service, string>;
type ServiceColumn = 'serves_grocery' | 'serves_parcels' | 'serves_meals' | 'serves_other';

/** What the public sees of one organisation: each field null unless it chose to show it. */
export interface PublicEntry {
  name: string | null;
  kind: 'shop' | 'association' | 'producer_org' | null;
  services: Service[] | null;
  hours: string | null;
  newBeneficiaries: boolean | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  commune: { code: string; name: string } | null;
  address: string | null;
  /** rounded: 2 decimals (about 1 km) for a commune, 4 (about 10 m) for an address */
  lat: number | null;
  lng: number | null;
  gives: boolean | null;
  /** from the signed-in organisation, to the point shown, km */
  distanceKm: number | null;
}

/** A territory whose page its managers published; any other id is not found. */
export async function publishedTerritory(db: Kysely<Database>, id: number) {
  const t = await loadTerritory(db, id, 'No such territory.');
  const entry = await db
    .selectFrom('directory_entries')
    .select('listed')
    .where('organisation_id', '=', id)
    .executeTakeFirst();
  if (!entry?.listed) throw new NotFoundError('No such territory.');
  return t;
}

/** The published territories, by name (the index of public pages). */
export async function listPublishedTerritories(db: Kysely<Database>) {
  return db
    .selectFrom('organisations as o')
    .innerJoin('directory_entries as e', 'e.organisation_id', 'o.id')
    .select(['o.id', 'o.name'])
    .where('o.kind', '=', 'territory')
    .where('e.listed', '=', true)
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(200)
    .execute();
}

type Territory = Awaited<ReturnType<typeof loadTerritory>>;

/**
 * showsNothing (directory/entries.ts) for what was saved before it: a card is listed only with a
 * name, a place or a contact (in parentheses: kysely ands it with the other conditions as is).
 */
const SAYS_WHOM = sql<boolean>`(e.show_name or e.location <> 'none' or coalesce(e.phone, '') <> ''
  or coalesce(e.email, '') <> '' or coalesce(e.website, '') <> '')`;

/**
 * The listed organisations of the area: an association only once approved (its name could be
 * anyone's before). Each column is computed as the public may see it, so nothing unchosen ever
 * leaves the database.
 */
function listedInArea(db: Kysely<Database>, t: Territory, now: Date) {
  const since = new Date(now.getTime() - GIVING_DAYS * 86400_000);
  return db
    .selectFrom('directory_entries as e')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .where('e.listed', '=', true)
    .where('o.kind', 'in', ['shop', 'association', 'producer_org'])
    .where((eb) => eb.or([eb('o.kind', '<>', 'association'), eb('o.approved', '=', true)]))
    .where(inAreaOf(t))
    .where(SAYS_WHOM)
    .select([
      'o.id',
      sql<string | null>`case when e.show_name then o.name end`.as('name'),
      sql<PublicEntry['kind']>`case when e.show_kind then o.kind end`.as('kind'),
      sql<boolean>`o.kind = 'association'`.as('is_association'),
      'e.serves_grocery',
      'e.serves_parcels',
      'e.serves_meals',
      'e.serves_other',
      'e.hours',
      'e.new_beneficiaries',
      'e.phone',
      'e.email',
      'e.website',
      // the commune, not its arrondissement: Lyon 1er and Lyon 4e are both Lyon (69123)
      sql<
        string | null
      >`case when e.location <> 'none' then ${communeOfSql(sql.ref('o.citycode'))} end`.as(
        'citycode',
      ),
      sql<string | null>`case when e.location <> 'none'
        then coalesce(${cityNameSql(sql.ref('o.citycode'))}, o.town, o.citycode) end`.as('town'),
      sql<string | null>`case when e.location = 'address'
        then coalesce(o.address_label, concat_ws(', ', o.address, concat_ws(' ', o.postcode, o.town))) end`.as(
        'address',
      ),
      // 0, 0 is an organisation never placed: no point (nor a distance from the Gulf of Guinea)
      sql<number | null>`case when o.lat = 0 and o.lng = 0 then null
        when e.location = 'address' then round(o.lat * 10000) / 10000
        when e.location = 'commune' then round(o.lat * 100) / 100 end`.as('lat'),
      sql<number | null>`case when o.lat = 0 and o.lng = 0 then null
        when e.location = 'address' then round(o.lng * 10000) / 10000
        when e.location = 'commune' then round(o.lng * 100) / 100 end`.as('lng'),
      sql<boolean | null>`case when e.show_giving and o.kind = 'shop' then exists (
        select 1 from donations d where d.shop_id = o.id and d.created_at >= ${since}
        and d.status <> 'cancelled') end`.as('gives'),
    ]);
}

/**
 * One page of a territory's directory, filtered as the public may: by kind only those who show
 * it, by commune those who show where they are, by service the associations who say it, "gives"
 * the shops who chose to say so. From `from` (the signed-in organisation's place): nearest first.
 */
export async function listDirectory(
  db: Kysely<Database>,
  t: Territory,
  query: DirectoryQuery,
  now: Date,
  from?: { lat: number; lng: number } | null,
) {
  let q = db.selectFrom(listedInArea(db, t, now).as('d')).selectAll('d');
  if (query.kind) q = q.where('d.kind', '=', query.kind);
  // a city's arrondissements with it (an older link may name one: it stands for its city)
  if (query.commune) q = q.where('d.citycode', '=', communeOf(query.commune));
  if (query.service)
    q = q.where('d.is_association', '=', true).where(SERVICE_COLUMN[query.service], '=', true);
  if (query.gives) q = q.where('d.gives', '=', true);
  // least() in the formula ignores a null: no point shown, no distance (not the antipode's)
  const distance = sql<number | null>`case when d.lat is not null and d.lng is not null
    then ${from ? distanceKmSql(from.lat, from.lng) : sql`null`} end`;
  const page = query.page ?? 1;
  const rows = await q
    .select(distance.as('distance_km'))
    .orderBy(sql`d.lat is null`)
    .$if(!!from, (qb) => qb.orderBy(sql`distance_km`))
    .orderBy(sql`d.name is null`)
    .orderBy('d.name')
    .orderBy('d.id')
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return {
    entries: rows.slice(0, PAGE_SIZE).map(toPublic),
    page,
    more: rows.length > PAGE_SIZE,
  };
}

type Row = Awaited<ReturnType<ReturnType<typeof listedInArea>['execute']>>[number] & {
  distance_km: number | null;
};

function toPublic(r: Row): PublicEntry {
  const services = SERVICES.filter((s) => r[SERVICE_COLUMN[s].slice(2) as ServiceColumn]);
  return {
    name: r.name,
    kind: r.kind,
    services: r.is_association && services.length ? services : null,
    hours: r.hours,
    newBeneficiaries: r.is_association ? r.new_beneficiaries : null,
    phone: r.phone,
    email: r.email,
    website: r.website,
    commune: r.citycode && r.town ? { code: r.citycode, name: r.town } : null,
    address: r.address || null,
    lat: r.lat == null ? null : Number(r.lat),
    lng: r.lng == null ? null : Number(r.lng),
    gives: r.gives,
    distanceKm: r.distance_km == null ? null : Math.round(Number(r.distance_km) * 10) / 10,
  };
}

/**
 * The communes where listed organisations say they are (the commune filter's choices), each once:
 * a city with arrondissements municipaux (Paris, Lyon, Marseille) by its own code.
 */
export async function directoryCommunes(db: Kysely<Database>, t: Territory, now: Date) {
  const rows = await db
    .selectFrom(listedInArea(db, t, now).as('d'))
    .select(['d.citycode', sql<string>`min(d.town)`.as('name')])
    .where('d.citycode', 'is not', null)
    .groupBy('d.citycode')
    .orderBy(sql`min(d.town)`)
    .limit(MAX_COMMUNES)
    .execute();
  return rows.map((r) => ({ code: r.citycode!, name: r.name }));
}

/** The published territories whose area holds this organisation (its page links to them). */
export async function territoriesListing(db: Kysely<Database>, organisationId: number) {
  const published = await db
    .selectFrom('organisations as t')
    .innerJoin('directory_entries as e', 'e.organisation_id', 't.id')
    .selectAll('t')
    .where('t.kind', '=', 'territory')
    .where('e.listed', '=', true)
    .orderBy('t.name')
    .limit(200)
    .execute();
  const found: { id: number; name: string }[] = [];
  for (const t of published) {
    const inside = await db
      .selectFrom('organisations as o')
      .select('o.id')
      .where('o.id', '=', organisationId)
      .where(inAreaOf(t))
      .executeTakeFirst();
    if (inside) found.push({ id: t.id, name: t.name });
  }
  return found;
}
