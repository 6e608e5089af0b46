import { Worker } from 'node:worker_threads';

/**
 * Node only: work handed to a worker thread, answered by id. The thread's code is a script
 * evaluated as it is (no file to find, from the esbuild bundle, tsx or vitest alike) that defines
 * `async function handle(input)` with `workerData` in scope; its packages are required by the
 * absolute paths the caller resolves and passes in `workerData`. Made when first needed and made
 * again after it died (the calls waiting then are refused); a call not answered within
 * `timeoutMs` ends the thread (refused too); it keeps the process alive only while an answer is
 * awaited. After close() every call is refused.
 */
export class RpcThread<In, Out> {
  private worker: Worker | null = null;
  private closed = false;
  private next = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (v: Out) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();

  constructor(
    private readonly name: string,
    private readonly code: string,
    private readonly workerData: unknown,
    private readonly timeoutMs = 10_000,
  ) {}

  call(input: In): Promise<Out> {
    if (this.closed) return Promise.reject(new Error(`${this.name} thread closed`));
    const worker = this.start();
    const id = this.next++;
    return new Promise<Out>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          void this.stop(
            worker,
            new Error(`${this.name} thread did not answer in ${this.timeoutMs} ms`),
          ),
        this.timeoutMs,
      );
      if (!this.waiting.size) worker.ref();
      this.waiting.set(id, { resolve, reject, timer });
      try {
        worker.postMessage({ id, input });
      } catch (e) {
        this.settle(worker, id);
        reject(e as Error);
      }
    });
  }

  /** Takes a call off the waiting list; the thread no longer keeps the process up if none is left. */
  private settle(worker: Worker, id: number) {
    const w = this.waiting.get(id);
    if (!w) return undefined;
    clearTimeout(w.timer);
    this.waiting.delete(id);
    if (!this.waiting.size) worker.unref();
    return w;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
${this.code}
parentPort.on('message', ({ id, input }) => {
  Promise.resolve()
    .then(() => handle(input))
    .then(
      (out) => parentPort.postMessage({ id, out }),
      (e) => parentPort.postMessage({ id, error: String((e && e.message) || e) }),
    );
});`,
      // a plain script: no loader of the parent's (tsx) to load in it
      { eval: true, workerData: this.workerData, name: this.name, execArgv: [] },
    );
    worker.unref();
    worker.on('message', (m: { id: number; out?: Out; error?: string }) => {
      const w = this.settle(worker, m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.out as Out);
    });
    worker.on('error', (e) => void this.stop(worker, e));
    worker.on('messageerror', (e) => void this.stop(worker, e));
    worker.on(
      'exit',
      (code) => void this.stop(worker, new Error(`${this.name} thread stopped (${code})`)),
    );
    this.worker = worker;
    return worker;
  }

  /** Refuses what waits on this thread and ends it; the next call makes another. */
  private stop(worker: Worker, e: Error): Promise<unknown> | undefined {
    if (this.worker !== worker) return undefined;
    this.worker = null;
    for (const w of this.waiting.values()) {
      clearTimeout(w.timer);
      w.reject(e);
    }
    this.waiting.clear();
    return worker.terminate();
  }

  /** Ends the thread; calls still waiting, and any later, are refused. */
  async close() {
    this.closed = true;
    if (this.worker) await this.stop(this.worker, new Error(`${this.name} thread closed`));
  }
}
