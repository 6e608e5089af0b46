import type { Insertable, Kysely } from 'kysely';
import type { Database, DonationsTable, Quality } from '../../src/db/schema.js';

type NewDonation = Insertable<DonationsTable>;

/**
 * A donation inserted directly (no domain rules), placed at its shop. Defaults: bakery, 5 kg,
 * ambient, posted 2026-11-20 08:00 Paris, window 09:00-12:00 the same day, no value given.
 */
export async function createDonation(
  db: Kysely<Database>,
  opts: { shopId: number } & Partial<NewDonation>,
) {
  const shop = await db
    .selectFrom('organisations')
    .select(['lat', 'lng'])
    .where('id', '=', opts.shopId)
    .executeTakeFirstOrThrow();
  const { shopId, ...overrides } = opts;
  return db
    .insertInto('donations')
    .values({
      shop_id: shopId,
      category: 'bakery',
      description: 'Pains et viennoiseries',
      quantity_kg: 5,
      storage: 'ambient',
      pickup_from: '2026-11-20T09:00:00+01:00',
      pickup_until: '2026-11-20T12:00:00+01:00',
      created_at: '2026-11-20T08:00:00+01:00',
      lat: shop.lat,
      lng: shop.lng,
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function markClaimed(
  db: Kysely<Database>,
  id: number,
  associationId: number,
  at: Date | string,
) {
  return db
    .updateTable('donations')
    .set({ status: 'claimed', claimed_by: associationId, claimed_at: at, handover_code: '1234' })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Claimed (if not yet) then handed over with what the association recorded. */
export async function markPickedUp(
  db: Kysely<Database>,
  id: number,
  opts: {
    associationId: number;
    at: Date | string;
    receivedKg?: number;
    quality?: Quality;
    temperatureC?: number | null;
    issues?: string | null;
    claimedAt?: Date | string;
  },
) {
  const d = await db
    .selectFrom('donations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const quality = opts.quality ?? 'good';
  return db
    .updateTable('donations')
    .set({
      status: quality === 'refused' ? 'refused' : 'picked_up',
      claimed_by: opts.associationId,
      claimed_at: opts.claimedAt ?? d.claimed_at ?? opts.at,
      received_kg: quality === 'refused' ? 0 : (opts.receivedKg ?? d.quantity_kg),
      quality,
      temperature_c: opts.temperatureC ?? null,
      issues: opts.issues ?? null,
      picked_up_at: opts.at,
      closed_at: opts.at,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Refused at pickup: quality 'refused', nothing received. */
export function markRefused(
  db: Kysely<Database>,
  id: number,
  opts: { associationId: number; at: Date | string; issues?: string; temperatureC?: number | null },
) {
  return markPickedUp(db, id, { ...opts, quality: 'refused', issues: opts.issues ?? 'Refusé' });
}

/** Nobody claimed it before the window closed. */
export async function markExpired(db: Kysely<Database>, id: number, at?: Date | string) {
  const d = await db
    .selectFrom('donations')
    .select('pickup_until')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return db
    .updateTable('donations')
    .set({ status: 'expired', closed_at: at ?? d.pickup_until })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Claimed but not collected before the window closed. */
export async function markMissed(
  db: Kysely<Database>,
  id: number,
  opts: { associationId: number; claimedAt: Date | string; at?: Date | string },
) {
  const d = await db
    .selectFrom('donations')
    .select('pickup_until')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return db
    .updateTable('donations')
    .set({
      status: 'missed',
      claimed_by: opts.associationId,
      claimed_at: opts.claimedAt,
      closed_at: opts.at ?? d.pickup_until,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The shop's posting form as the phone sends it: 12 baguettes, 3,5 kg, ambient, today 10:00-12:00
 * (the test clock starts on Friday 27 November 2026 at 09:00 in Paris); override any field.
 */
export const donationForm = (over: Record<string, string> = {}) => ({
  category: 'bakery',
  description: '12 baguettes',
  quantityKg: '3,5',
  units: '',
  storage: 'ambient',
  pickupDate: '2026-11-27',
  pickupFromTime: '10:00',
  pickupUntilTime: '12:00',
  dateKind: '',
  date: '',
  packaged: 'yes',
  valueEur: '',
  ...over,
});
