import type { Context } from 'hono';
import type { AppEnv } from './env.js';

export type DonationEventType =
  | 'donation.posted'
  | 'donation.claimed'
  | 'donation.released'
  | 'donation.cancelled'
  | 'donation.picked_up'
  | 'donation.expired';

/** After a change has committed, tell open pages (SSE) through the event bus, if there is one. */
export async function publish(
  c: Context<AppEnv>,
  type: DonationEventType,
  data: { id: number; shopId: number; [k: string]: unknown },
) {
  const { events: bus, feedCache } = c.get('deps');
  feedCache?.changed({ type, data }); // this instance at once; the others through the bus
  if (!bus) return;
  try {
    await bus.publish({ type, data });
  } catch (e) {
    c.get('deps').log?.('event publish failed', e);
  }
}

/** The event of a donation's change, with where it is (feed caches are cleared by area). */
export function publishDonation(
  c: Context<AppEnv>,
  type: DonationEventType,
  d: { id: number; shop_id: number; lat: number; lng: number },
) {
  return publish(c, type, { id: d.id, shopId: d.shop_id, lat: d.lat, lng: d.lng });
}

/** Pages poll when there is no event bus to listen to (Workers) or when told to. */
export function livePolling(deps: { events?: unknown; live?: 'sse' | 'poll' }) {
  return !deps.events || deps.live === 'poll';
}
