import { isMemberOf, type Actor } from '../accounts/actor.js';
import type { Donation, DonationStatus } from '../db/schema.js';
import type { Db } from './donation.js';

/**
 * What the driver and the shop need to know about each other, and who may know it. The shop's way
 * in (access notes) and its pickup phone: the shop itself, the platform admin, and the members of
 * the association holding the claim. The driver's name and phone: the shop's members and the
 * claiming association, once claimed. A released claim holds nothing: the association that gave it
 * back sees no more than any other.
 */
export interface PickupContacts {
  shop: { accessNotes: string | null; pickupPhone: string | null } | null;
  driver: { name: string; phone: string | null } | null;
}

/**
 * The statuses in which `claimed_by` holds the claim: claimed, and after the handover (taken, or
 * refused at the counter). A missed pickup is over, and a release empties `claimed_by` anyway.
 */
const HELD: readonly DonationStatus[] = ['claimed', 'picked_up', 'refused'];

type ClaimFacts = Pick<Donation, 'shop_id' | 'status' | 'claimed_by' | 'claimed_by_user'>;

/** The one rule: which of the two contacts `actor` (or nobody signed in) may see on `d`. */
export function contactVisibility(actor: Actor | null, d: ClaimFacts) {
  if (!actor) return { shop: false, driver: false };
  const held = d.claimed_by != null && HELD.includes(d.status);
  const isShop = isMemberOf(actor, d.shop_id);
  const isClaimer = held && isMemberOf(actor, d.claimed_by!);
  return {
    shop: isShop || isClaimer || actor.user.is_admin,
    driver: held && d.claimed_by_user != null && (isShop || isClaimer),
  };
}

/** The contacts of `d` that `actor` may see, read only when the rule lets them (null otherwise). */
export async function pickupContacts(
  db: Db,
  actor: Actor | null,
  d: ClaimFacts & { id: number },
): Promise<PickupContacts> {
  const may = contactVisibility(actor, d);
  const [shop, driver] = await Promise.all([
    may.shop
      ? db
          .selectFrom('organisations')
          .select(['access_notes as accessNotes', 'pickup_phone as pickupPhone'])
          .where('id', '=', d.shop_id)
          .executeTakeFirst()
      : undefined,
    may.driver
      ? db
          .selectFrom('users')
          .select(['name', 'phone'])
          .where('id', '=', d.claimed_by_user!)
          .executeTakeFirst()
      : undefined,
  ]);
  return { shop: shop ?? null, driver: driver ?? null };
}
