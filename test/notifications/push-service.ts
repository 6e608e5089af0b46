import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error http_ece ships no types
import ece from 'http_ece';

/** A browser's side of push: its keys and the subscription it would hand to the site. */
export interface Device {
  id: string;
  ecdh: ECDH;
  auth: Buffer;
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
}

export interface Received {
  deviceId: string;
  payload: any;
  headers: Record<string, string | string[] | undefined>;
  jwt: { aud: string; exp: number; sub: string };
}

export type Behaviour = 'ok' | 'gone' | 'notfound' | 'error' | 'hang' | 'hold';

/**
 * Plays the push service on a local port: checks the VAPID JWT (ES256 against the k= key, aud =
 * this origin, not expired), decrypts each message as the device would (http_ece, aes128gcm), and
 * answers as told per device: 201, 410, 404, 500, never, or when released.
 */
export class FakePushService {
  private server!: Server;
  origin = '';
  readonly devices = new Map<string, Device>();
  readonly received: Received[] = [];
  readonly problems: string[] = [];
  behaviour = new Map<string, Behaviour>();
  defaultBehaviour: Behaviour = 'ok';
  private held: ServerResponse[] = [];
  private hung: ServerResponse[] = [];
  private seq = 0;
  onReceive?: (r: Received) => void;
  /** Check and decrypt only the first n messages, then just count (benchmarks). */
  verifyFirst = Infinity;
  count = 0;
  lastAt = 0;
  /** called as each message is counted (a benchmark waiting for a count) */
  onCounted?: () => void;

  async start() {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  device(behaviour?: Behaviour): Device {
    const id = `d${++this.seq}-${randomBytes(4).toString('hex')}`;
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const d: Device = {
      id,
      ecdh,
      auth,
      subscription: {
        endpoint: `${this.origin}/push/${id}`,
        keys: {
          p256dh: ecdh.getPublicKey().toString('base64url'),
          auth: auth.toString('base64url'),
        },
      },
    };
    this.devices.set(id, d);
    if (behaviour) this.behaviour.set(id, behaviour);
    return d;
  }

  for(deviceId: string) {
    return this.received.filter((r) => r.deviceId === deviceId);
  }

  hangingCount() {
    return this.hung.length;
  }

  /** Drop the connections of requests that hang (the sender sees a network error). */
  releaseHung() {
    for (const res of this.hung.splice(0)) res.destroy();
  }

  /** Answer every held request (201). */
  release() {
    for (const res of this.held.splice(0)) res.writeHead(201).end();
  }

  async stop() {
    this.release();
    for (const res of this.hung.splice(0)) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const id = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1];
      const device = id ? this.devices.get(id) : undefined;
      if (req.method !== 'POST' || !device) return res.writeHead(404).end();
      const behaviour = this.behaviour.get(device.id) ?? this.defaultBehaviour;
      if (behaviour === 'hang') return void this.hung.push(res);
      if (behaviour === 'error') return res.writeHead(500).end();
      const n = ++this.count;
      this.lastAt = performance.now();
      this.onCounted?.();
      if (n > this.verifyFirst) return res.writeHead(201).end();
      let received: Received;
      try {
        const jwt = this.checkVapid(String(req.headers.authorization ?? ''));
        if (req.headers['content-encoding'] !== 'aes128gcm')
          throw new Error(`content-encoding ${req.headers['content-encoding']}`);
        if (!req.headers.ttl) throw new Error('no TTL');
        const plain = ece.decrypt(Buffer.concat(chunks), {
          version: 'aes128gcm',
          privateKey: device.ecdh,
          authSecret: device.auth,
        });
        received = {
          deviceId: device.id,
          payload: JSON.parse(plain.toString('utf8')),
          headers: req.headers,
          jwt,
        };
      } catch (e) {
        this.problems.push(`${device.id}: ${(e as Error).message}`);
        return res.writeHead(400).end();
      }
      if (behaviour === 'gone') return res.writeHead(410).end();
      if (behaviour === 'notfound') return res.writeHead(404).end();
      this.received.push(received);
      this.onReceive?.(received);
      if (behaviour === 'hold') return void this.held.push(res);
      res.writeHead(201).end();
    });
  }

  /** `vapid t=<jwt>, k=<public key>`: signature, audience and expiry as a push service checks them. */
  private checkVapid(header: string) {
    const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
    if (!m) throw new Error(`bad Authorization: ${header.slice(0, 40)}`);
    const [h, p, s] = m[1].split('.');
    const head = JSON.parse(Buffer.from(h, 'base64url').toString());
    if (head.alg !== 'ES256') throw new Error(`alg ${head.alg}`);
    const raw = Buffer.from(m[2], 'base64url');
    if (raw.length !== 65 || raw[0] !== 4) throw new Error('k is not a P-256 point');
    const key = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: raw.subarray(1, 33).toString('base64url'),
        y: raw.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
    const ok = verify(
      'sha256',
      Buffer.from(`${h}.${p}`),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(s, 'base64url'),
    );
    if (!ok) throw new Error('VAPID signature does not verify');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    if (claims.aud !== this.origin) throw new Error(`aud ${claims.aud} is not ${this.origin}`);
    if (!(claims.exp > Date.now() / 1000) || claims.exp > Date.now() / 1000 + 86400)
      throw new Error('exp out of range');
    if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error(`sub ${claims.sub}`);
    return { ...claims, k: m[2] };
  }
}
