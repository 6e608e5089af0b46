import { sql } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { DonationStatus, Round, Storage } from '../db/schema.js';
import type { Db } from '../donations/donation.js';
import { distanceKm } from '../donations/matching.js';
import { NotFoundError } from '../shared/errors.js';
import { isId } from '../shared/ids.js';

/** A stop as the round page shows it: the donation, its shop, and where it is in the order. */
export interface RoundStopView {
  position: number;
  planned_at: Date;
  late: boolean;
  moved: boolean;
  donation_id: number;
  description: string;
  category: string;
  storage: Storage;
  quantity_kg: number;
  received_kg: number | null;
  status: DonationStatus;
  /** still the round's: claimed, picked up or refused by its association (else given back, or gone) */
  ours: boolean;
  pickup_from: Date;
  pickup_until: Date;
  lat: number;
  lng: number;
  shop_name: string;
  shop_address: string | null;
  shop_town: string | null;
}

export interface RoundView {
  round: Round;
  association_name: string;
  partner_name: string | null;
  stops: RoundStopView[];
  shares: { association_id: number; kg: number }[];
  /** the viewer is a member of the round's association (it drives; the partner only reads) */
  owner: boolean;
}

/** The organisations of the actor that may read a round: its association or its partner. */
const orgIds = (actor: Actor) => actor.memberships.map((m) => m.organisationId);

/** A round as its association or its partner may see it; any other reader: not found. */
export async function getRound(db: Db, actor: Actor, id: number): Promise<RoundView> {
  const mine = orgIds(actor);
  if (!isId(id) || !mine.length) throw new NotFoundError('round.err.not_found');
  const round = await db
    .selectFrom('rounds')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('association_id', 'in', mine), eb('partner_id', 'in', mine)]))
    .executeTakeFirst();
  if (!round) throw new NotFoundError('round.err.not_found');
  const names = await db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', 'in', [round.association_id, round.partner_id ?? round.association_id])
    .execute();
  const stops = await db
    .selectFrom('round_stops as r')
    .innerJoin('donations as d', 'd.id', 'r.donation_id')
    .innerJoin('organisations as s', 's.id', 'd.shop_id')
    .select([
      'r.position',
      'r.planned_at',
      'r.late',
      'r.moved',
      'd.id as donation_id',
      'd.description',
      'd.category',
      'd.storage',
      'd.quantity_kg',
      'd.received_kg',
      'd.status',
      'd.pickup_from',
      'd.pickup_until',
      'd.lat',
      'd.lng',
      's.name as shop_name',
      's.address as shop_address',
      's.town as shop_town',
      sql<boolean>`coalesce(d.claimed_by = ${round.association_id}, false)`.as('ours'),
    ])
    .where('r.round_id', '=', id)
    .orderBy('r.position')
    .execute();
  const shares = await db
    .selectFrom('round_shares')
    .select(['association_id', 'kg'])
    .where('round_id', '=', id)
    .orderBy('association_id')
    .execute();
  const name = (oid: number | null) => names.find((n) => n.id === oid)?.name ?? null;
  return {
    round,
    association_name: name(round.association_id)!,
    partner_name: name(round.partner_id),
    stops: stops.map((s) => ({
      ...s,
      quantity_kg: Number(s.quantity_kg),
      received_kg: s.received_kg == null ? null : Number(s.received_kg),
    })),
    shares: shares.map((s) => ({ association_id: s.association_id, kg: Number(s.kg) })),
    owner: mine.includes(round.association_id),
  };
}

/** The actor's rounds (as driver's association or as partner), newest first. */
export async function listRounds(db: Db, actor: Actor, limit = 20) {
  const mine = orgIds(actor);
  if (!mine.length) return [];
  return db
    .selectFrom('rounds as r')
    .innerJoin('organisations as a', 'a.id', 'r.association_id')
    .select([
      'r.id',
      'r.created_at',
      'a.name as association_name',
      (eb) =>
        eb
          .selectFrom('round_stops as s')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('s.round_id', '=', 'r.id')
          .as('stops'),
    ])
    .where((eb) => eb.or([eb('r.association_id', 'in', mine), eb('r.partner_id', 'in', mine)]))
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}

/** How far a partner may be from the round's start to be offered (km): one car, one town. */
const PARTNER_KM = 50;

/** The approved associations within PARTNER_KM of the round's start, but its own. */
function nearPartners(db: Db, round: Round) {
  const km = distanceKm(round.start_lat, round.start_lng, sql`a.lat`, sql`a.lng`);
  const q = db
    .selectFrom('organisations as a')
    .select(['a.id', 'a.name', 'a.town'])
    .where('a.kind', '=', 'association')
    .where('a.approved', '=', true)
    .where('a.id', '<>', round.association_id)
    .where(sql<boolean>`${km} <= ${PARTNER_KM}`);
  return { q, km };
}

/** The associations a round may be shared with: approved ones near it, nearest first (at most 30). */
export async function partnerChoices(db: Db, round: Round) {
  const { q, km } = nearPartners(db, round);
  return q.orderBy(km).orderBy('a.id').limit(30).execute();
}

/** `id` is one of the round's possible partners (an id guessed from afar is not). */
export async function isPartnerChoice(db: Db, round: Round, id: number) {
  return Boolean(await nearPartners(db, round).q.where('a.id', '=', id).executeTakeFirst());
}

/**
 * The newest round of `associationId` that has this donation as a stop (null: none): its page is
 * where the driver goes back to after the pickup.
 */
export async function roundOfStop(db: Db, donationId: number, associationId: number) {
  const row = await db
    .selectFrom('round_stops as s')
    .innerJoin('rounds as r', 'r.id', 's.round_id')
    .select('r.id')
    .where('s.donation_id', '=', donationId)
    .where('r.association_id', '=', associationId)
    .orderBy('r.id', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
}
