import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DrainLoop, type DrainLoopOptions } from '../shared/drain-loop.js';
import type { PushSender } from './sender.js';
import { drainOutbox, type DrainOptions } from './sender.js';
import type { VapidKeys } from './vapid.js';

/**
 * Node's push sender: drains the outbox when woken (a donation posted, a test queued: on Node,
 * by its own instance's events, DrainLoopOptions.ownEvents) and every `pollMs` for retries and
 * for what another instance left.
 */
export class PushDeliveryLoop extends DrainLoop {
  static readonly WAKING = new Set(['donation.posted', 'push.queued']);

  constructor(
    db: Kysely<Database>,
    sender: PushSender,
    keys: () => Promise<VapidKeys>,
    now: () => Date,
    opts: DrainOptions & DrainLoopOptions = {},
  ) {
    super(
      'push worker',
      async () => drainOutbox(db, sender, await keys(), now, opts),
      PushDeliveryLoop.WAKING,
      opts,
    );
  }
}
