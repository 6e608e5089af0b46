import type { AppEvent, EventBus } from '../realtime/bus.js';

export interface DrainLoopOptions {
  /** how often to drain anyway, for retries (ms) */
  pollMs?: number;
  /**
   * once woken, wait this long before draining (ms, default 0), so that the wakes of the next few
   * moments (one per donation posted, at a busy hour) share one drain: fewer, fuller batches
   */
  gatherMs?: number;
  events?: EventBus;
  /**
   * woken only by the events this process publishes (EventBus.subscribeOwn), not by every
   * instance's: what a post queues is drained by the instance that posted it (any instance still
   * takes any due row: the claims decide), and the others, woken for nothing, do not each query
   * the outbox too. What an instance queued and did not send (it died, or stopped) waits for the
   * others' next poll (`pollMs`: 5 s by default) instead of their next wake.
   */
  ownEvents?: boolean;
  log?: (m: string, e?: unknown) => void;
}

/**
 * A sender's loop on Node: drains an outbox when woken (one of `waking` events, on any instance
 * through the event bus or, with `ownEvents`, on this one; or `wake()`) and every `pollMs` for
 * retries. One loop per outbox and
 * process; several processes share an outbox safely through its guarded claims.
 */
export class DrainLoop {
  private running = false;
  private again = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly name: string,
    private readonly drain: () => Promise<unknown>,
    private readonly waking: ReadonlySet<string>,
    private readonly opts: DrainLoopOptions = {},
  ) {}

  start() {
    if (this.running) return this;
    this.running = true;
    const bus = this.opts.events;
    const listen = (e: AppEvent) => {
      if (this.waking.has(e.type)) this.wake();
    };
    this.unsubscribe =
      (this.opts.ownEvents && bus?.subscribeOwn
        ? bus.subscribeOwn(listen)
        : bus?.subscribe(listen)) ?? null;
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
        await this.drain();
      } catch (e) {
        this.opts.log?.(`${this.name}: drain failed`, e);
      }
      if (!this.running) continue;
      if (!this.again) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.opts.pollMs ?? 5_000);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = null;
      }
      const gather = this.opts.gatherMs ?? 0;
      if (this.again && this.running && gather > 0)
        await new Promise<void>((resolve) => setTimeout(resolve, gather));
    }
  }

  async stop() {
    this.running = false;
    this.unsubscribe?.();
    this.wakeUp?.();
    await this.loop;
  }
}
