import type { EventBus } from '../realtime/bus.js';

/**
 * Node's e-mail and SMS sender: a loop of its own beside push's, so that a slow SMTP server holds
 * up neither posting (sending is after commit, here) nor push. Woken by events (a claim, a message
 * queued on any instance) and every `pollMs` for retries.
 */
export class MessageDeliveryLoop {
  private running = false;
  private again = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly drain: () => Promise<unknown>,
    private readonly opts: {
      pollMs?: number;
      events?: EventBus;
      log?: (m: string, e?: unknown) => void;
    } = {},
  ) {}

  static readonly WAKING = new Set(['mail.queued', 'donation.claimed']);

  start() {
    if (this.running) return this;
    this.running = true;
    this.unsubscribe =
      this.opts.events?.subscribe((e) => {
        if (MessageDeliveryLoop.WAKING.has(e.type)) this.wake();
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
        await this.drain();
      } catch (e) {
        this.opts.log?.('mail worker: drain failed', e);
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
