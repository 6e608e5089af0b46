import type { Context } from 'hono';
import { donationEventData, eventDataOf } from '../realtime/audience.js';
import type { AnyEnv } from './env.js';

export type DonationEventType =
  | 'donation.posted'
  | 'donation.claimed'
  | 'donation.released'
  | 'donation.cancelled'
  | 'donation.picked_up'
  | 'donation.expired';

/**
 * After a donation's change has committed, tell open pages (SSE) through the event bus, if there
 * is one, with who may hear of it (see realtime/audience.ts) and where it is (feed caches are
 * cleared by area; pages never get the place).
 */
export async function publishDonation<E extends AnyEnv>(
  c: Context<E>,
  type: DonationEventType,
  d: {
    id: number;
    shop_id: number;
    lat: number;
    lng: number;
    claimed_by?: number | null;
    /** who it fits, when the caller just worked it out (a posted donation: posting.ts) */
    fitting?: number[] | null;
  },
) {
  const { db, events: bus, feedCache, log } = c.get('deps');
  // this instance at once; the others through the bus
  feedCache?.changed({ type, data: { id: d.id, shopId: d.shop_id, lat: d.lat, lng: d.lng } });
  if (!bus) return;
  try {
    const [data] = d.fitting ? [eventDataOf(d, d.fitting)] : await donationEventData(db, [d]);
    await bus.publish({ type, data });
  } catch (e) {
    log?.('event publish failed', e);
  }
}

/** Pages poll when there is no event bus to listen to (Workers) or when told to. */
export function livePolling(deps: { events?: unknown; live?: 'sse' | 'poll' }) {
  return !deps.events || deps.live === 'poll';
}
