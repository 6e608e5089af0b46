import { DrainLoop, type DrainLoopOptions } from '../shared/drain-loop.js';

/**
 * Node's e-mail and SMS sender: a loop of its own beside push's, so that a slow SMTP server holds
 * up neither posting (sending is after commit, here) nor push. Woken by a change of a donation (its
 * alerts and the shop's news are written with it) or a message queued (on Node by its own
 * instance: DrainLoopOptions.ownEvents), and every `pollMs` for retries and for what another
 * instance left.
 */
export class MessageDeliveryLoop extends DrainLoop {
  static readonly WAKING = new Set([
    'mail.queued',
    'push.queued',
    'donation.posted',
    'donation.claimed',
    'donation.released',
    'donation.picked_up',
    'donation.expired',
  ]);

  constructor(drain: () => Promise<unknown>, opts: DrainLoopOptions = {}) {
    super('mail worker', drain, MessageDeliveryLoop.WAKING, opts);
  }
}
