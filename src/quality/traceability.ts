import { sql, type Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database, TraceParty } from '../db/schema.js';
import { NotFoundError } from '../shared/errors.js';
import type { CsvColumn } from '../shared/csv.js';
import { parisDate, parisLocalToDate, addDays } from '../shared/time.js';
import { donationSplits } from '../rounds/split-kg.js';

/**
 * The traceability record ("bordereau"): per handover the product, quantities, DLC/DDM, lot and
 * temperature, and both parties' identities as they were at the handover (written onto the
 * donation then; the live organisation for handovers made before that). Kept 5 years: the
 * database refuses to delete a donation handed over less than 5 years ago (migration 0025).
 */
export interface TraceLine {
  id: number;
  category: string;
  description: string;
  storage: string;
  packaged: boolean;
  quantityKg: number;
  receivedKg: number | null;
  dateKind: 'use_by' | 'best_before' | null;
  productDate: string | null;
  lotNumber: string | null;
  temperatureC: number | null;
  limitC: number | null;
  quality: string | null;
  issues: string | null;
  status: string;
  postedAt: Date;
  handedOverAt: Date | null;
  shop: TraceParty;
  association: TraceParty | null;
  driver: string | null;
  /**
   * On a shared round (src/rounds/split-kg.ts): each association that received part of it, with
   * its kg (the association that took it first); else empty.
   */
  shares: { associationId: number; association: TraceParty; kg: number }[];
}

/** Records beyond this many in one period are not listed: narrow the period. */
export const MAX_RECORD_LINES = 5000;

function recordQuery(db: Kysely<Database>) {
  return db
    .selectFrom('donations as d')
    .innerJoin('organisations as s', 's.id', 'd.shop_id')
    .leftJoin('organisations as a', 'a.id', 'd.claimed_by')
    .leftJoin('users as u', 'u.id', 'd.claimed_by_user')
    .selectAll('d')
    .select(
      sql<number | null>`stats_temperature_limit(d.storage, d.category)::float8`.as('limit_c'),
    )
    .select([
      's.name as s_name',
      's.address as s_address',
      's.postcode as s_postcode',
      's.town as s_town',
      's.siret as s_siret',
      's.siren as s_siren',
      's.rna as s_rna',
      'a.name as a_name',
      'a.address as a_address',
      'a.postcode as a_postcode',
      'a.town as a_town',
      'a.siret as a_siret',
      'a.siren as a_siren',
      'a.rna as a_rna',
      'u.name as driver_name',
    ])
    .where('d.status', 'in', ['picked_up', 'refused']);
}
type Row = Awaited<ReturnType<ReturnType<typeof recordQuery>['executeTakeFirstOrThrow']>>;

const live = (r: Record<string, any>, p: 's' | 'a' | 'o'): TraceParty | null => {
  const name = r[`${p}_name`];
  if (name == null) return null;
  const place = [r[`${p}_address`], [r[`${p}_postcode`], r[`${p}_town`]].filter(Boolean).join(' ')];
  return {
    name,
    address: place.filter(Boolean).join(', ') || null,
    siret: r[`${p}_siret`],
    siren: r[`${p}_siren`],
    rna: r[`${p}_rna`],
  };
};

function lineOf(r: Row): TraceLine {
  const t = r.trace_identities;
  return {
    id: r.id,
    category: r.category,
    description: r.description,
    storage: r.storage,
    packaged: r.packaged,
    quantityKg: Number(r.quantity_kg),
    receivedKg: r.received_kg == null ? null : Number(r.received_kg),
    dateKind: r.date_kind,
    productDate: r.product_date,
    lotNumber: r.lot_number,
    temperatureC: r.temperature_c == null ? null : Number(r.temperature_c),
    limitC: r.limit_c,
    quality: r.quality,
    issues: r.issues,
    status: r.status,
    postedAt: r.created_at,
    handedOverAt: r.picked_up_at ?? r.closed_at,
    shop: t?.shop ?? live(r, 's')!,
    association: t?.association ?? live(r, 'a'),
    driver: t ? t.driver : r.driver_name,
    shares: [],
  };
}

/**
 * The shares of these records' donations on shared rounds, in one query: the association that
 * took it as its identity was at the handover, the partner as it is now.
 */
async function withShares(db: Kysely<Database>, lines: TraceLine[]) {
  const ids = lines.filter((l) => l.status === 'picked_up').map((l) => l.id);
  if (!ids.length) return lines;
  const { rows } = await sql<any>`
    select sp.donation_id, sp.association_id, d.claimed_by,
      (coalesce(d.received_kg, d.quantity_kg) * sp.fraction)::float8 as kg,
      o.name as o_name, o.address as o_address, o.postcode as o_postcode, o.town as o_town,
      o.siret as o_siret, o.siren as o_siren, o.rna as o_rna
    from (${donationSplits}) sp join donations d on d.id = sp.donation_id
      join organisations o on o.id = sp.association_id
    where sp.donation_id in (${sql.join(ids)})
    order by sp.donation_id, (sp.association_id <> d.claimed_by), o.name`.execute(db);
  const byId = new Map(lines.map((l) => [l.id, l]));
  for (const r of rows) {
    const line = byId.get(r.donation_id)!;
    const own = r.association_id === r.claimed_by && line.association;
    const association = own || live(r, 'o')!;
    line.shares.push({
      associationId: r.association_id,
      association,
      kg: Math.round(r.kg * 100) / 100,
    });
  }
  return lines;
}

/** The organisations whose records the actor keeps: its shops' and its associations'. */
const ownIds = (actor: Actor) => actor.memberships.map((m) => m.organisationId);

/** One handover's record, for the shop, the association that took it, or the admin (else 404). */
export async function traceabilityRecord(db: Kysely<Database>, actor: Actor, id: number) {
  const r = await recordQuery(db).where('d.id', '=', id).executeTakeFirst();
  const mine = (o: number | null) => o != null && ownIds(actor).includes(o);
  if (!r) throw new NotFoundError();
  const [line] = await withShares(db, [lineOf(r)]);
  // the partner of a shared round keeps the record of what it received too
  const partner = line.shares.some((s) => mine(s.associationId));
  if (!(actor.user.is_admin || mine(r.shop_id) || mine(r.claimed_by) || partner))
    throw new NotFoundError();
  return line;
}

/** The records of the handovers of a period (Paris days, both included) the actor keeps. */
export async function traceabilityRecords(
  db: Kysely<Database>,
  actor: Actor,
  period: { from: string; to: string },
) {
  const start = parisLocalToDate(period.from, '00:00')!;
  const end = parisLocalToDate(addDays(period.to, 1), '00:00')!;
  let q = recordQuery(db)
    .where(sql<Date>`coalesce(d.picked_up_at, d.closed_at)`, '>=', start)
    .where(sql<Date>`coalesce(d.picked_up_at, d.closed_at)`, '<', end);
  if (!actor.user.is_admin) {
    const ids = ownIds(actor);
    if (!ids.length) return [];
    // and the partner of a shared round, for what it received
    const shared = sql<boolean>`d.id in (select sp.donation_id from (${donationSplits}) sp
      where sp.association_id in (${sql.join(ids)}))`;
    q = q.where((eb) => eb.or([eb('d.shop_id', 'in', ids), eb('d.claimed_by', 'in', ids), shared]));
  }
  const rows = await q
    .orderBy(sql`coalesce(d.picked_up_at, d.closed_at)`)
    .orderBy('d.id')
    .limit(MAX_RECORD_LINES)
    .execute();
  return withShares(db, rows.map(lineOf));
}

const legal = (p: TraceParty | null) =>
  p
    ? [
        p.siret && `SIRET ${p.siret}`,
        p.siren && !p.siret && `SIREN ${p.siren}`,
        p.rna && `RNA ${p.rna}`,
      ]
        .filter(Boolean)
        .join(' ')
    : null;

/** The record's columns, the same in both languages (src/shared/csv.ts). */
export const RECORD_COLUMNS: CsvColumn<TraceLine>[] = [
  { fr: 'Don n°', en: 'Donation no.', cell: (l) => l.id },
  {
    fr: 'Remis le',
    en: 'Handed over',
    cell: (l) => (l.handedOverAt ? parisDate(l.handedOverAt) : null),
  },
  { fr: 'Produit', en: 'Product', cell: (l) => l.description },
  { fr: 'Catégorie', en: 'Category', cell: (l) => l.category },
  { fr: 'Conservation', en: 'Storage', cell: (l) => l.storage },
  { fr: 'Préemballé', en: 'Pre-packed', cell: (l) => l.packaged },
  {
    fr: 'Quantité proposée (kg)',
    en: 'Quantity offered (kg)',
    cell: (l) => l.quantityKg,
    decimals: 2,
  },
  {
    fr: 'Quantité reçue (kg)',
    en: 'Quantity received (kg)',
    cell: (l) => l.receivedKg,
    decimals: 2,
  },
  {
    fr: 'Type de date',
    en: 'Date kind',
    cell: (l) => (l.dateKind === 'use_by' ? 'DLC' : l.dateKind ? 'DDM' : null),
  },
  { fr: 'DLC / DDM', en: 'Use-by / best-before', cell: (l) => l.productDate },
  { fr: 'Lot', en: 'Lot', cell: (l) => l.lotNumber },
  { fr: 'Température (°C)', en: 'Temperature (°C)', cell: (l) => l.temperatureC, decimals: 1 },
  { fr: 'Qualité', en: 'Quality', cell: (l) => l.quality },
  { fr: 'Donateur', en: 'Donor', cell: (l) => l.shop.name },
  { fr: 'Adresse du donateur', en: 'Donor address', cell: (l) => l.shop.address },
  { fr: 'Identité du donateur', en: 'Donor identity', cell: (l) => legal(l.shop) },
  { fr: 'Association', en: 'Association', cell: (l) => l.association?.name ?? null },
  {
    fr: 'Adresse de l’association',
    en: 'Association address',
    cell: (l) => l.association?.address ?? null,
  },
  {
    fr: 'Identité de l’association',
    en: 'Association identity',
    cell: (l) => legal(l.association),
  },
  { fr: 'Collecté par', en: 'Collected by', cell: (l) => l.driver },
  {
    fr: 'Partage de la tournée (kg)',
    en: 'Round shared (kg)',
    cell: (l) => l.shares.map((s) => `${s.association.name}: ${s.kg}`).join('; ') || null,
  },
];
