import http from 'node:http';
import https from 'node:https';
import type { PushSender } from './sender.js';

/**
 * Node's push transport: node:http(s) with kept-alive connections to each push service. It does
 * what fetchSender does (one POST a message, a timeout, Retry-After read), at about a quarter of
 * fetch's CPU a request on Node 20 (92 against 357 µs measured on a local endpoint): the event
 * loop that sends the e-mails and answers the pages gets that time back during a wave.
 */
export function nodePushSender(timeoutMs = 10_000): PushSender & { close(): void } {
  // no limit a push service (a wave's two batches of 100 may all go to one origin; a request
  // queued for a socket would spend its timeout waiting), and the idle connections of a batch kept
  // for the next (Node's default of 256; with 16 kept, each batch of 100 closed 84 and opened 84
  // again: a TLS handshake each in production), 4 s, as fetch does, shorter than servers' own
  // idle timeouts (a reused socket they closed fails)
  const opts = { keepAlive: true, maxFreeSockets: 256, timeout: 4_000 };
  const agents = { 'http:': new http.Agent(opts), 'https:': new https.Agent(opts) };
  return {
    send({ endpoint, headers, body }) {
      return new Promise((resolve, reject) => {
        const url = new URL(endpoint);
        const lib = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
        if (!lib) return reject(new TypeError(`push endpoint is not http(s): ${url.protocol}`));
        const req = lib.request(
          url,
          {
            method: 'POST',
            agent: agents[url.protocol as 'http:' | 'https:'],
            headers: { ...headers, 'content-length': String(body?.byteLength ?? 0) },
          },
          (res) => {
            // the answer is its status: a 2xx means the service took the message, whatever
            // happens to the body after it (read only to free the connection)
            res.on('error', () => {});
            res.resume();
            const retryAfter = Number(res.headers['retry-after']);
            resolve({
              status: res.statusCode ?? 0,
              retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
            });
          },
        );
        // the whole exchange, not only an idle socket
        const timer = setTimeout(
          () =>
            req.destroy(
              Object.assign(new Error('push request timed out'), { name: 'TimeoutError' }),
            ),
          timeoutMs,
        );
        req.on('close', () => clearTimeout(timer));
        // the code where sendOne reads it from fetch's errors (err.cause.code)
        req.on('error', (e) =>
          reject(
            Object.assign(e, { cause: e.cause ?? { code: (e as NodeJS.ErrnoException).code } }),
          ),
        );
        req.end(body ?? undefined);
      });
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
