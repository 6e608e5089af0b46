import type { EventBus } from '../realtime/bus.js';

/** After a commit that queued mail: the sender (delivery-loop.ts) is woken at once, not at its next poll. */
export async function wakeSender(events: EventBus | undefined) {
  await events?.publish({ type: 'mail.queued', data: {} }).catch(() => undefined);
}
