import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EventBus } from '../realtime/bus.js';
import type { PushSender } from './sender.js';
import { drainOutbox, type DrainOptions } from './sender.js';
import type { VapidKeys } from './vapid.js';

/**
 * Node's sender: drains the outbox when woken (a donation posted, a test queued, on any instance
 * through the event bus) and every `pollMs` for retries. One loop per process; several processes
 * share the outbox safely through guarded claims.
 */
export class PushDeliveryLoop {
  private running = false;
  private again = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly sender: PushSender,
    private readonly keys: () => Promise<VapidKeys>,
    private readonly now: () => Date,
    private readonly opts: DrainOptions & { pollMs?: number; events?: EventBus } = {},
  ) {}

  start() {
    if (this.running) return this;
    this.running = true;
    this.unsubscribe =
      this.opts.events?.subscribe((e) => {
        if (e.type === 'donation.posted' || e.type === 'push.queued') this.wake();
      }) ?? null;
    this.loop = this.run();
    return this;
  }

  wake() {
    this.again = true;
    this.wakeUp?.();
  }

  private async run() {
    while (this.running) {
      this.again = false;
      try {
        await drainOutbox(this.db, this.sender, await this.keys(), this.now, this.opts);
      } catch (e) {
        this.opts.log?.('push worker: drain failed', e);
      }
      if (this.again || !this.running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.opts.pollMs ?? 5_000);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  async stop() {
    this.running = false;
    this.unsubscribe?.();
    this.wakeUp?.();
    await this.loop;
  }
}
