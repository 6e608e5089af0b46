import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { associationIdsFitting } from '../donations/matching.js';
import type { AppEvent } from './bus.js';
import { organisationsInArea } from '../shared/scope.js';

/**
 * A donation's event as it travels on the bus (and sits in app_events). Who may hear of it is
 * decided once, when it is published, by the feed's own rule (matching.ts), and carried on the
 * event: the fan-out to open pages then needs no query per connection, on any instance, live or
 * replayed. Only `pageData` of it ever reaches a page.
 */
export interface DonationEventData {
  [k: string]: unknown;
  id: number;
  shopId: number;
  /** the outcome, where the type leaves it open (expired or missed) */
  status?: string;
  /** where it is, for the feed caches of every instance to forget only that area's boards */
  lat: number;
  lng: number;
  /** the associations the donation fits (approved, in radius, profile) when it changed */
  associationIds: number[];
  /** the association that claimed it, if any: it hears of its own pickups */
  claimedBy: number | null;
}

interface ChangedDonation {
  id: number;
  shop_id: number;
  lat: number;
  lng: number;
  claimed_by?: number | null;
  status?: string;
}

/** The bus data of changed donations, with their audience, in one query for all of them. */
export async function donationEventData(
  db: Kysely<Database>,
  donations: ChangedDonation[],
  opts: { withStatus?: boolean } = {},
): Promise<DonationEventData[]> {
  const fitting = await associationIdsFitting(
    db,
    donations.map((d) => d.id),
  );
  return donations.map((d) => eventDataOf(d, fitting.get(d.id) ?? [], opts));
}

/** The bus data of a changed donation whose audience is known (associationIdsFitting's rule). */
export function eventDataOf(
  d: ChangedDonation,
  associationIds: number[],
  opts: { withStatus?: boolean } = {},
): DonationEventData {
  return {
    id: d.id,
    shopId: d.shop_id,
    ...(opts.withStatus && d.status ? { status: d.status } : {}),
    lat: d.lat,
    lng: d.lng,
    associationIds,
    claimedBy: d.claimed_by ?? null,
  };
}

/** What a page is told of a donation's change: which one, and whose; never where it is. */
export function pageData(e: AppEvent) {
  const { id, shopId, status } = e.data as Partial<DonationEventData>;
  return { id, shopId, ...(status ? { status } : {}) };
}

/** What one open page may hear of, from its user's organisations, loaded once when it connects. */
export interface Hearer {
  all: boolean;
  /** donations given by these: the user's shops, a territory's shops */
  shopIds: Set<number>;
  /** donations that fit these: the user's approved associations */
  associationIds: Set<number>;
  /** donations claimed by these: the user's approved associations, a territory's associations */
  claimantIds: Set<number>;
}

export async function hearerFor(db: Kysely<Database>, actor: Actor): Promise<Hearer> {
  const h: Hearer = {
    all: actor.user.is_admin,
    shopIds: new Set(),
    associationIds: new Set(),
    claimantIds: new Set(),
  };
  if (h.all) return h;
  for (const m of actor.memberships) {
    if (m.kind === 'shop' || m.kind === 'producer_org') h.shopIds.add(m.organisationId);
    // an association not approved yet sees no donation (fitsAssociation), so hears of none
    if (m.kind === 'association' && m.approved) {
      h.associationIds.add(m.organisationId);
      h.claimantIds.add(m.organisationId);
    }
    if (m.kind === 'territory') {
      // the statistics' area: the donations of its shops and those its associations collect
      const area = await organisationsInArea(db, m.organisationId);
      for (const id of area.shopIds) h.shopIds.add(id);
      for (const id of area.associationIds) h.claimantIds.add(id);
    }
  }
  return h;
}

/** Whether the page may hear of nothing at all (then it need not stay connected). */
export function hearsNothing(h: Hearer) {
  return !h.all && !h.shopIds.size && !h.associationIds.size && !h.claimantIds.size;
}

// every page connected to an instance asks about the same event object: one Set per event
const audiences = new WeakMap<AppEvent, Set<number>>();

export function mayHear(h: Hearer, e: AppEvent) {
  if (!e.type.startsWith('donation.')) return false;
  if (h.all) return true;
  const d = e.data as Partial<DonationEventData>;
  if (typeof d.shopId === 'number' && h.shopIds.has(d.shopId)) return true;
  if (typeof d.claimedBy === 'number' && h.claimantIds.has(d.claimedBy)) return true;
  if (!h.associationIds.size || !Array.isArray(d.associationIds)) return false;
  let audience = audiences.get(e);
  if (!audience) audiences.set(e, (audience = new Set(d.associationIds)));
  for (const id of h.associationIds) if (audience.has(id)) return true;
  return false;
}
