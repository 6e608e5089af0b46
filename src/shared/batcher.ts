/**
 * Gathers what several workers ask for at about the same time into one call: the first caller
 * starts a run at the next microtask with everything asked by then; callers that come while it
 * runs are gathered for the run after it. Each caller gets its own item's answer (or the run's
 * error). Used where each of a few concurrent workers would otherwise write one row per statement
 * (mail/sender.ts: claiming and recording messages).
 */
export class Batcher<T, R> {
  private waiting: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  /** `run` answers for every item, in the order given. */
  constructor(private readonly run: (items: T[]) => Promise<R[]>) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        void this.flush();
      }
    });
  }

  private async flush() {
    await Promise.resolve(); // the callers of this same tick join the first run
    while (this.waiting.length) {
      const part = this.waiting.splice(0);
      try {
        const out = await this.run(part.map((p) => p.item));
        part.forEach((p, i) => p.resolve(out[i]));
      } catch (e) {
        part.forEach((p) => p.reject(e));
      }
    }
    this.running = false;
  }
}
