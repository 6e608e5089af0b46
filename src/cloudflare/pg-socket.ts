import { Buffer } from 'node:buffer';
import { EventEmitter } from 'node:events';

/**
 * A TCP socket for postgres.js on workerd (its `socket` option), in place of the one its Workers
 * build brings. Why: postgres.js 3.4.9's socket reports the cancelled read of a closing connection
 * by emitting 'error' after the connection has removed its listeners, so every `sql.end()` leaves
 * an unhandled rejection ("Stream was cancelled.", porsager/postgres#1196 and #1202), which fails
 * a vitest-pool-workers run and logs one error per request in production. This one stays quiet
 * once nobody listens. Plain TCP only: Hyperdrive's connection string needs no TLS from the Worker
 * (createWorkerClient uses postgres.js's own socket when TLS is asked for).
 */
export async function workerdSocket(options: {
  host: string[];
  port: number[];
}): Promise<EventEmitter> {
  const { connect } = await import('cloudflare:sockets');
  const raw = connect({ hostname: options.host[0], port: Number(options.port[0]) });
  const writer = raw.writable.getWriter();
  const reader = raw.readable.getReader();
  const s = new EventEmitter() as EventEmitter & Record<string, unknown>;
  let closed = false;
  const finish = (err?: unknown) => {
    if (closed) return;
    closed = true;
    s.readyState = 'closed';
    if (err && s.listenerCount('error')) s.emit('error', err);
    s.emit('close', Boolean(err));
  };
  Object.assign(s, {
    readyState: 'open',
    write(data: Uint8Array, cb?: () => void) {
      writer.write(data).then(cb, finish);
      return true;
    },
    end(data?: Uint8Array) {
      (data ? writer.write(data) : Promise.resolve())
        .then(() => raw.close())
        .catch(() => undefined);
    },
    destroy() {
      raw.close().catch(() => undefined);
    },
    pause() {},
    resume() {},
    setKeepAlive() {},
  });
  raw.closed.then(() => finish(), finish);
  await raw.opened;
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        s.emit('data', Buffer.from(value));
      }
      finish();
    } catch (e) {
      finish(e);
    }
  })();
  return s;
}
