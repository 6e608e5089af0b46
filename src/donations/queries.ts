import { sql } from 'kysely';
import { isMemberOf, membershipOfKind, type Actor } from '../accounts/actor.js';
import { ForbiddenError, NotFoundError } from '../shared/errors.js';
import { pickupContacts, type PickupContacts } from './contacts.js';
import { loadDonation, shopOf, type Db, type DonationView } from './donation.js';
import type { Board, FeedCache } from './feed-cache.js';
import { openDonationsFor } from './matching.js';
import { hubOffersFor } from '../hubs/feed.js';

export type Viewer = 'shop' | 'claimer' | 'candidate' | 'admin';

export interface DonationForViewer {
  donation: DonationView;
  viewer: Viewer;
  distanceKm: number | null;
  /** the shop's way in and the driver, as far as this viewer may know them (contacts.ts) */
  contacts: PickupContacts;
  /** a candidate that may claim it only through a relay hub (src/hubs): that hub */
  viaHub?: { id: number; name: string };
  /** the relay hub's driver collecting for the claimer: the handover only, not its release */
  hubDriver?: boolean;
}

/**
 * A donation as its viewer may see it: the shop, the claiming association, an association it
 * fits, or the admin; with the contacts the viewer may see.
 */
export async function getDonation(
  db: Db,
  actor: Actor,
  id: number,
  now: Date,
): Promise<DonationForViewer> {
  const seen = await donationAndViewer(db, actor, id, now);
  return { ...seen, contacts: await pickupContacts(db, actor, seen.donation) };
}

async function donationAndViewer(
  db: Db,
  actor: Actor,
  id: number,
  now: Date,
): Promise<{
  donation: DonationView;
  viewer: Viewer;
  distanceKm: number | null;
  viaHub?: { id: number; name: string };
  hubDriver?: boolean;
}> {
  const d = await loadDonation(db, id);
  if (!d) throw new NotFoundError();
  if (isMemberOf(actor, d.shop_id)) return { donation: d, viewer: 'shop', distanceKm: null };
  if (d.claimed_by && isMemberOf(actor, d.claimed_by))
    return { donation: d, viewer: 'claimer', distanceKm: null };
  const assoc = membershipOfKind(actor, 'association');
  if (assoc?.approved && d.status === 'open') {
    const [row] = await openDonationsFor(db, assoc.organisationId, now, { donationId: id });
    if (row) return { donation: d, viewer: 'candidate', distanceKm: row.distance_km };
    const [viaHub] = await hubOffersFor(db, assoc.organisationId, now, { donationId: id });
    if (viaHub)
      return {
        donation: d,
        viewer: 'candidate',
        distanceKm: viaHub.distance_km,
        viaHub: { id: viaHub.via_hub_id!, name: viaHub.via_hub_name! },
      };
  }
  // the hub's driver collects at the shop for its partner: the handover is theirs to record
  if (
    d.hub_id &&
    d.hub_collector === 'hub' &&
    d.status === 'claimed' &&
    isMemberOf(actor, d.hub_id)
  )
    return { donation: d, viewer: 'claimer', distanceKm: null, hubDriver: true };
  if (actor.user.is_admin) return { donation: d, viewer: 'admin', distanceKm: null };
  throw new NotFoundError();
}

export async function donationHistory(db: Db, donationId: number) {
  return db
    .selectFrom('donation_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .leftJoin('organisations as o', 'o.id', 'e.actor_org_id')
    .select([
      'e.id',
      'e.from_status',
      'e.to_status',
      'e.at',
      'e.note',
      'e.reason',
      'u.name as user_name',
      'o.name as org_name',
    ])
    .where('e.donation_id', '=', donationId)
    .orderBy('e.id')
    .execute();
}

/** A shop's donations, newest first. */
export async function shopDonations(db: Db, actor: Actor, opts: { limit?: number } = {}) {
  const shop = shopOf(actor);
  return db
    .selectFrom('donations as d')
    .leftJoin('organisations as a', 'a.id', 'd.claimed_by')
    .selectAll('d')
    .select(['a.name as association_name'])
    .where('d.shop_id', '=', shop.organisationId)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(opts.limit ?? 100)
    .execute();
}

/** What an association has claimed, with the shop: what it is to collect now first, then its history. */
export async function associationPickups(
  db: Db,
  actor: Actor,
  opts: { limit?: number; currentOnly?: boolean } = {},
) {
  const assoc = membershipOfKind(actor, 'association');
  if (!assoc) throw new ForbiddenError('don.err.association_only');
  return db
    .selectFrom('donations as d')
    .innerJoin('organisations as s', 's.id', 'd.shop_id')
    .selectAll('d')
    .select(['s.name as shop_name', 's.address as shop_address', 's.town as shop_town'])
    .where('d.claimed_by', '=', assoc.organisationId)
    .$if(Boolean(opts.currentOnly), (q) => q.where('d.status', '=', 'claimed'))
    .orderBy(sql`case when d.status = 'claimed' then 0 else 1 end`)
    .orderBy('d.pickup_until', 'desc')
    .limit(opts.limit ?? 100)
    .execute();
}

export async function missedPickups(db: Db, associationId: number) {
  const row = await db
    .selectFrom('donations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('claimed_by', '=', associationId)
    .where('status', '=', 'missed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * An association's board: the open donations it may claim (nearest first) and what it has claimed
 * and is to collect now. Kept in `cache` between changes in its area.
 */
export async function associationBoard(
  db: Db,
  actor: Actor,
  now: Date,
  cache?: FeedCache,
): Promise<Board> {
  const assoc = membershipOfKind(actor, 'association');
  if (!assoc) throw new ForbiddenError('don.err.association_only');
  const load = async () => {
    const [own, viaHub, current] = await Promise.all([
      assoc.approved ? openDonationsFor(db, assoc.organisationId, now) : [],
      assoc.approved ? hubOffersFor(db, assoc.organisationId, now) : [],
      associationPickups(db, actor, { currentOnly: true }),
    ]);
    const feed = [...own, ...viaHub]; // what it may claim itself, then through its hubs
    const first = feed[0];
    const place = first ? { lat: first.a_lat, lng: first.a_lng, radiusKm: first.radius_km } : null;
    return { board: { feed, current }, place };
  };
  if (cache && assoc.approved) return cache.board(assoc.organisationId, now, load);
  return (await load()).board;
}

/** The open donations an association may claim, nearest first. */
export async function feedFor(db: Db, actor: Actor, now: Date, cache?: FeedCache) {
  if (cache) return (await associationBoard(db, actor, now, cache)).feed;
  const assoc = membershipOfKind(actor, 'association');
  if (!assoc) throw new ForbiddenError('don.err.association_only');
  if (!assoc.approved) return [];
  const [own, viaHub] = await Promise.all([
    openDonationsFor(db, assoc.organisationId, now),
    hubOffersFor(db, assoc.organisationId, now),
  ]);
  return [...own, ...viaHub];
}
