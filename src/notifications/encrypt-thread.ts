import { createRequire } from 'node:module';
import { RpcThread } from '../shared/rpc-thread.js';
import { encryptInProcess, finish, requestArgs, type PushEncryptor } from './encrypt.js';

// web-push's own encryption, nothing else; errors are answered per message
const CODE = `
const webpush = require(workerData.webPush);
async function handle(items) {
  return items.map((args) => {
    try {
      const d = webpush.generateRequestDetails(...args);
      return { headers: d.headers, body: d.body };
    } catch (e) {
      return { error: String((e && e.message) || e).slice(0, 200) };
    }
  });
}`;

/** Failures in a row after which the thread is left alone for a while. */
const FAILURES_TO_PAUSE = 3;
const PAUSE_MS = 60_000;

/**
 * Node: push messages encrypted on a worker thread, so that the ECDH and AES of a wave of 1,000
 * alerts do not hold the event loop that answers requests and sends e-mail. One thread (its work
 * is a few ms a batch). A batch the thread did not answer (it died, it was slow, it answered
 * short) is encrypted on the calling thread instead, and the next batch makes a new thread;
 * after 3 such failures in a row, batches are encrypted in process for a minute.
 */
export class EncryptThread {
  private readonly thread = new RpcThread<unknown[], unknown[]>('push encryption', CODE, {
    webPush: createRequire(import.meta.url).resolve('web-push'),
  });
  private failures = 0;
  private pausedUntil = 0;

  constructor(private readonly log?: (msg: string, err?: unknown) => void) {}

  readonly encrypt: PushEncryptor = async (items) => {
    if (!items.length) return [];
    if (Date.now() < this.pausedUntil) return encryptInProcess(items);
    try {
      const out = await this.thread.call(items.map(requestArgs));
      if (out.length !== items.length)
        throw new Error(`${out.length} answers for ${items.length} messages`);
      this.failures = 0;
      return out.map((r) => finish(r as Parameters<typeof finish>[0]));
    } catch (e) {
      if (++this.failures >= FAILURES_TO_PAUSE) {
        this.pausedUntil = Date.now() + PAUSE_MS;
        this.failures = 0;
      }
      this.log?.('push: the encryption thread failed, this batch encrypted in process', e);
      return encryptInProcess(items);
    }
  };

  close() {
    return this.thread.close();
  }
}
