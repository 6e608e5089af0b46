import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { encryptInProcess, finish, requestArgs, type PushEncryptor } from './encrypt.js';

// The worker's code, evaluated as a script (no file to find, from the esbuild bundle or from tsx):
// web-push's own encryption, nothing else. Errors are answered per message.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const webpush = require(workerData.webPush);
parentPort.on('message', ({ id, items }) => {
  const out = items.map((args) => {
    try {
      const d = webpush.generateRequestDetails(...args);
      return { headers: d.headers, body: d.body };
    } catch (e) {
      return { error: String((e && e.message) || e).slice(0, 200) };
    }
  });
  parentPort.postMessage({ id, out });
});
`;

/**
 * Node: push messages encrypted on a worker thread, so that the ECDH and AES of a wave of 1,000
 * alerts do not hold the event loop that answers requests and sends e-mail. One thread (its
 * work is a few ms a batch); made when first needed, made again if it dies; it does not keep the
 * process alive. A batch whose thread died is encrypted on the calling thread instead.
 */
export class EncryptThread {
  private worker: Worker | null = null;
  private next = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (v: unknown[]) => void; reject: (e: Error) => void }
  >();
  private readonly webPush = createRequire(import.meta.url).resolve('web-push');

  constructor(private readonly log?: (msg: string, err?: unknown) => void) {}

  readonly encrypt: PushEncryptor = async (items) => {
    if (!items.length) return [];
    try {
      const out = await this.onThread(items.map(requestArgs));
      return out.map((r) => finish(r as Parameters<typeof finish>[0]));
    } catch (e) {
      // the same encryption here rather than no push at all; the next batch makes a new thread
      this.log?.('push: the encryption thread failed, this batch encrypted in process', e);
      return encryptInProcess(items);
    }
  };

  private onThread(args: unknown[]): Promise<unknown[]> {
    const worker = this.start();
    const id = this.next++;
    return new Promise<unknown[]>((resolve, reject) => {
      if (!this.waiting.size) worker.ref(); // an answer awaited keeps the process up
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, items: args });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER, { eval: true, workerData: { webPush: this.webPush } });
    worker.unref();
    worker.on('message', ({ id, out }: { id: number; out: unknown[] }) => {
      const w = this.waiting.get(id);
      this.waiting.delete(id);
      if (!this.waiting.size) worker.unref();
      w?.resolve(out);
    });
    const fail = (e: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`push encryption thread stopped (${code})`)));
    this.worker = worker;
    return worker;
  }

  async close() {
    const w = this.worker;
    this.worker = null;
    for (const p of this.waiting.values()) p.reject(new Error('push encryption thread closed'));
    this.waiting.clear();
    await w?.terminate();
  }
}
