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

/**
 * Node: push messages encrypted on a worker thread, so that the ECDH and AES of a wave of 1,000
 * alerts do not hold the event loop that answers requests and sends e-mail. One thread (its work
 * is a few ms a batch). A batch the thread did not answer (it died, or was slower than
 * RpcThread's 10 s) is encrypted on the calling thread instead, and the next batch makes a new
 * thread.
 */
export class EncryptThread {
  private readonly thread = new RpcThread<unknown[], unknown[]>('push encryption', CODE, {
    webPush: createRequire(import.meta.url).resolve('web-push'),
  });

  constructor(private readonly log?: (msg: string, err?: unknown) => void) {}

  readonly encrypt: PushEncryptor = async (items) => {
    if (!items.length) return [];
    try {
      const out = await this.thread.call(items.map(requestArgs));
      return out.map((r) => finish(r as Parameters<typeof finish>[0]));
    } catch (e) {
      this.log?.('push: the encryption thread failed, this batch encrypted in process', e);
      return encryptInProcess(items);
    }
  };

  close() {
    return this.thread.close();
  }
}
