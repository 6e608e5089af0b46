/**
 * At most `limit` requests reach the service in any window of `windowMs`, for the whole process.
 * There are `limit` slots; a request holds one from its start until its answer, and the slot is
 * free again only `windowMs` after that answer. The service sees a request somewhere between its
 * start and its answer, so any two requests of the same slot arrive more than `windowMs` apart:
 * counting starts alone would not do (a slow first connection arrives late, next to the following
 * burst), and a token bucket lets a full bucket out and then refills within the same second.
 * Slots are taken and given back synchronously: one caller at a time, as JavaScript runs.
 * Time is read from the monotonic clock (`performance.now()`, fractions of a millisecond):
 * Date.now() floors to the millisecond, so a slot could come free up to 1 ms before the window
 * had passed since its request arrived (seen once as 51 requests within 1,000 ms), and it jumps
 * when the system clock is set.
 */
export class RequestLimit {
  /** When each slot is free again: Infinity while its request is out. */
  private readonly freeAt: number[];
  private readonly waiting: { take: () => void }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.freeAt = Array(limit).fill(-Infinity);
  }

  /**
   * Wait for a slot (at most `maxWaitMs`, else null: the caller gives up, nothing was sent) and
   * return the function that gives it back, to be called once the answer (or the failure) is in.
   */
  async acquire(maxWaitMs: number): Promise<(() => void) | null> {
    if (!this.waiting.length) {
      const slot = this.freeSlot();
      if (slot !== null) return this.hold(slot);
    }
    return new Promise((resolve) => {
      const waiter = {
        take: () => {
          clearTimeout(deadline);
          resolve(this.hold(this.freeSlot()!));
        },
      };
      const deadline = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        resolve(null);
      }, maxWaitMs);
      this.waiting.push(waiter);
      this.schedule();
    });
  }

  private freeSlot() {
    const now = this.now();
    const i = this.freeAt.findIndex((t) => t <= now);
    return i < 0 ? null : i;
  }

  private hold(slot: number) {
    this.freeAt[slot] = Infinity;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.freeAt[slot] = this.now() + this.windowMs;
      this.schedule();
    };
  }

  /** Hand free slots to the waiters, first come first served; wake up when the next one frees. */
  private schedule() {
    while (this.waiting.length && this.freeSlot() !== null) this.waiting.shift()!.take();
    if (this.timer || !this.waiting.length) return;
    const next = Math.min(...this.freeAt);
    if (next === Infinity) return; // every slot is out: a release will call again
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.schedule();
      },
      Math.max(0, next - this.now()),
    );
  }
}
