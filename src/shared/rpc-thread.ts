import { Worker } from 'node:worker_threads';

/**
 * Node only: work handed to a worker thread, one request at a time in order, answered by id. The
 * thread's code is a script evaluated as it is (no file to find, from the esbuild bundle, tsx or
 * vitest alike) that defines `async function handle(input)` with `workerData` in scope; its
 * packages are required by the absolute paths the caller resolves and passes in `workerData`.
 * Made when first needed and made again after it died (the calls waiting then are refused); it
 * keeps the process alive only while an answer is awaited.
 */
export class RpcThread<In, Out> {
  private worker: Worker | null = null;
  private next = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (v: Out) => void; reject: (e: Error) => void }
  >();

  constructor(
    private readonly name: string,
    private readonly code: string,
    private readonly workerData: unknown,
  ) {}

  call(input: In): Promise<Out> {
    const worker = this.start();
    const id = this.next++;
    return new Promise<Out>((resolve, reject) => {
      if (!this.waiting.size) worker.ref();
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, input });
    });
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
      { eval: true, workerData: this.workerData, name: this.name },
    );
    worker.unref();
    worker.on('message', (m: { id: number; out?: Out; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (!this.waiting.size) worker.unref();
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.out as Out);
    });
    const fail = (e: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`${this.name} thread stopped (${code})`)));
    this.worker = worker;
    return worker;
  }

  /** Ends the thread; calls still waiting are refused. */
  async close() {
    const w = this.worker;
    this.worker = null;
    for (const p of this.waiting.values()) p.reject(new Error(`${this.name} thread closed`));
    this.waiting.clear();
    await w?.terminate();
  }
}
