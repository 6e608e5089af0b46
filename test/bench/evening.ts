/**
 * What the soak and the evening benchmark share: a seeded region with a driver (API token, session,
 * push device) in every association, a local push endpoint that notes when each donation's first
 * alert arrives, and the traffic of an evening: shops posting at an open rate, the drivers the
 * alert reached reading their feed and claiming, the shop reading the handover code and the
 * driver recording the pickup, other drivers reading their feeds, SSE pages held open. All over
 * HTTP, so it runs the same against one server, several behind a load balancer, or the embedded
 * database (whose data lives inside the server's process).
 */
import { createECDH, randomBytes } from 'node:crypto';
import { request as httpRequest, createServer, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openPGlite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';
import { httpCall, percentile } from './lib.js';
import { CENTRE, seedStatements, type SeedSizes } from './seed.js';

export const H = 3_600_000;

/** The region of issue 18, times BENCH_SCALE: 20,000 shops, 5,000 associations, 200,000 donations. */
export function regionSizes(scale: number, postingShops: number): SeedSizes {
  return {
    shops: Math.max(50, Math.round(20_000 * scale)),
    associations: Math.max(20, Math.round(5_000 * scale)),
    donations: Math.max(500, Math.round(200_000 * scale)),
    open: Math.max(50, Math.round(2_000 * scale)), // an evening's offers still open
    claimers: 0,
    feedUsers: 0,
    postingShops,
  };
}

/** One driver per association: token "tok-<user id>", session cookie "ses-<user id>", one push device. */
function driverStatements(pushOrigin: string, p256dh: string, auth: string) {
  return [
    `insert into users (email, name, password_hash)
       select 'driver' || a.id || '@driver.bench', 'Chauffeur ' || a.id, null from organisations a where a.kind = 'association'`,
    `insert into memberships (user_id, organisation_id, role)
       select u.id, substring(u.email from '[0-9]+')::int, 'member' from users u where u.email like '%@driver.bench'`,
    `insert into api_tokens (token_hash, user_id, expires_at)
       select encode(sha256(('tok-' || id)::bytea), 'hex'), id, now() + interval '90 days' from users where email like '%@driver.bench'`,
    `insert into sessions (id, user_id, expires_at)
       select encode(sha256(('ses-' || id)::bytea), 'hex'), id, now() + interval '30 days' from users where email like '%@driver.bench'`,
    `insert into push_subscriptions (user_id, endpoint, p256dh, auth, user_agent)
       select id, '${pushOrigin}/push/' || id, '${p256dh}', '${auth}', 'bench' from users where email like '%@driver.bench'`,
    `analyze`,
  ];
}

export interface Cast {
  shops: { token: string }[];
  drivers: { userId: number; token: string; cookie: string }[];
}

const castQuery = `select u.id, u.email from users u where u.email like '%@bench.example' or u.email like '%@driver.bench' order by u.id`;

function castOf(rows: { id: number; email: string }[]): Cast {
  return {
    shops: rows.filter((r) => r.email.startsWith('shop')).map((r) => ({ token: `tok-${r.id}` })),
    drivers: rows
      .filter((r) => r.email.startsWith('driver'))
      .map((r) => ({ userId: r.id, token: `tok-${r.id}`, cookie: `sid=ses-${r.id}` })),
  };
}

/**
 * A region scaled down keeps the full region's density: its area shrinks with it (by the square
 * root of the scale around the centre), so each shop has as many associations within reach, each
 * association as many offers in its feed, as in the full region.
 */
function densityStatements(scale: number) {
  if (scale >= 1) return [];
  const k = Math.sqrt(scale);
  return [
    `update organisations set lat = ${CENTRE.lat} + (lat - ${CENTRE.lat}) * ${k}, lng = ${CENTRE.lng} + (lng - ${CENTRE.lng}) * ${k}`,
    `update donations d set lat = o.lat, lng = o.lng from organisations o where o.id = d.shop_id`,
  ];
}

function statements(sizes: SeedSizes, push: PushEndpoint, scale: number) {
  return [
    ...seedStatements(sizes, new Date()),
    ...densityStatements(scale),
    ...driverStatements(push.origin, push.p256dh, push.auth),
  ];
}

/** A fresh PostgreSQL database, migrated and seeded; returns its URL and the cast. */
export async function seedPostgres(
  base: string,
  name: string,
  sizes: SeedSizes,
  push: PushEndpoint,
  scale: number,
) {
  const { freshDatabase } = await import('./lib.js');
  const url = await freshDatabase(base, name);
  const { db, close } = openPostgres(url, { max: 2 });
  await migrateToLatest(db);
  await close();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const t0 = performance.now();
  for (const s of statements(sizes, push, scale)) await sql.unsafe(s);
  const cast = castOf(await sql.unsafe(castQuery));
  await sql.end();
  return { url, cast, seconds: (performance.now() - t0) / 1000 };
}

/** A copy of a seeded database (PostgreSQL copies the files: seconds, not a new seed). */
export async function copyDatabase(base: string, template: string, name: string) {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}" template "${template}"`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The embedded database in a new folder, migrated and seeded the same way. */
export async function seedPGlite(sizes: SeedSizes, push: PushEndpoint, scale: number) {
  const dir = mkdtempSync(join(tmpdir(), 'sl-soak-'));
  const t0 = performance.now();
  const pg = await openPGlite(dir);
  await migrateToLatest(pg.db);
  for (const s of statements(sizes, push, scale)) await pg.pg.exec(s);
  const cast = castOf((await pg.pg.query<{ id: number; email: string }>(castQuery)).rows);
  await pg.close();
  return { dir, cast, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Plays the push service for every device of the seed (one key pair for all: the server encrypts
 * for each message all the same). Nothing is decrypted: the donation comes from the Topic header
 * the sender sets ("donation-<id>"), and the first arrival per donation is kept.
 */
export class PushEndpoint {
  origin = '';
  p256dh: string;
  auth: string;
  count = 0;
  firstAt = new Map<number, number>();
  onAlert?: (userId: number, donationId: number, nth: number) => void;
  private perDonation = new Map<number, number>();
  private server: Server;

  constructor() {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    this.p256dh = ecdh.getPublicKey().toString('base64url');
    this.auth = randomBytes(16).toString('base64url');
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const user = Number(/^\/push\/(\d+)$/.exec(req.url ?? '')?.[1]);
        const donation = Number(/^donation-(\d+)$/.exec(String(req.headers.topic ?? ''))?.[1]);
        res.writeHead(user ? 201 : 404).end();
        if (!user) return;
        this.count++;
        if (!donation) return;
        const nth = (this.perDonation.get(donation) ?? 0) + 1;
        this.perDonation.set(donation, nth);
        if (nth === 1) this.firstAt.set(donation, performance.now());
        this.onAlert?.(user, donation, nth);
      });
    });
    this.server.keepAliveTimeout = 30_000;
  }

  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Forget every donation (a new copy of the database gives the same ids again). */
  reset() {
    this.firstAt.clear();
    this.perDonation.clear();
  }

  /** Forget donations whose first alert came more than 10 minutes ago (a long soak). */
  forget() {
    const old = performance.now() - 600_000;
    for (const [id, at] of this.firstAt)
      if (at < old) {
        this.firstAt.delete(id);
        this.perDonation.delete(id);
      }
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Latencies (ms) and statuses by kind of request, for one window of time. */
export class Recorder {
  latencies: Record<string, number[]> = {};
  statuses: Record<string, Record<string, number>> = {};
  record(kind: string, ms: number, status: number) {
    (this.latencies[kind] ??= []).push(ms);
    const s = (this.statuses[kind] ??= {});
    s[status] = (s[status] ?? 0) + 1;
  }
  requests() {
    return Object.values(this.latencies).reduce((n, l) => n + l.length, 0);
  }
  /** Network errors (0), 5xx, and any 4xx but a lost claim race (409 on "claim"). */
  errors() {
    let n = 0;
    for (const [kind, s] of Object.entries(this.statuses))
      for (const [code, c] of Object.entries(s)) {
        const st = Number(code);
        if (st === 0 || st >= 500 || (st >= 400 && !(kind === 'claim' && st === 409))) n += c;
      }
    return n;
  }
  count5xx() {
    let n = 0;
    for (const s of Object.values(this.statuses))
      for (const [code, c] of Object.entries(s)) if (Number(code) >= 500) n += c;
    return n;
  }
  pct(kind: string, p: number) {
    const l = this.latencies[kind];
    if (!l?.length) return NaN;
    const sorted = [...l].sort((a, b) => a - b);
    return percentile(sorted, p);
  }
  /** p50/p95/p99 of one kind, e.g. "3.1 / 9.8 / 20.4 ms (1200)". */
  line(kind: string) {
    const n = this.latencies[kind]?.length ?? 0;
    if (!n) return '-';
    return `${this.pct(kind, 50).toFixed(1)} / ${this.pct(kind, 95).toFixed(1)} / ${this.pct(kind, 99).toFixed(1)} ms (${n})`;
  }
}

const jsonAgent = new Agent({ keepAlive: true, maxSockets: 600 });

/** A call whose JSON body is wanted (small answers: a donation, a claim). */
function httpJson(
  port: number,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        agent: jsonAgent,
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          authorization: `Bearer ${token}`,
          ...(text
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          let json: any = null;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {}
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) =>
      req.reusedSocket && e.code === 'ECONNRESET'
        ? httpJson(port, method, path, token, body).then(resolve, reject)
        : reject(e),
    );
    req.end(text);
  });
}

/** SSE pages held open with drivers' sessions; counts what they hear and what drops. */
export class SsePages {
  open = 0;
  events = 0;
  /** when each page heard of each posted donation (donation-posted), by donation id */
  postedAt = new Map<number, number[]>();
  dropped = 0;
  refused = 0;
  private reqs: ReturnType<typeof httpRequest>[] = [];
  private stopping = false;

  constructor(
    private port: number,
    private cookies: string[],
  ) {}

  /** Open them all, a few at a time; resolves once each has its answer's headers. */
  async start(batch = 50) {
    for (let i = 0; i < this.cookies.length; i += batch)
      await Promise.all(this.cookies.slice(i, i + batch).map((c) => this.connect(c)));
    return this;
  }

  private connect(cookie: string) {
    return new Promise<void>((resolve) => {
      const req = httpRequest(
        {
          agent: false,
          host: '127.0.0.1',
          port: this.port,
          path: '/events',
          headers: { cookie, accept: 'text/event-stream' },
        },
        (res) => {
          if (res.statusCode !== 200) {
            this.refused++;
            res.resume();
            return resolve();
          }
          this.open++;
          resolve();
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            // events end with a blank line; a chunk may end inside one
            text += chunk;
            const blocks = text.split('\n\n');
            text = blocks.pop()!;
            const at = performance.now();
            for (const block of blocks) {
              if (!block.includes('event:')) continue; // a comment (keep-alive)
              this.events++;
              if (!block.includes('event: donation-posted')) continue;
              const data = /^data: (.*)$/m.exec(block)?.[1];
              const id = data ? Number(JSON.parse(data).id) : NaN;
              if (Number.isSafeInteger(id))
                this.postedAt.set(id, [...(this.postedAt.get(id) ?? []), at]);
            }
          });
          res.on('close', () => {
            this.open--;
            if (!this.stopping) this.dropped++;
          });
        },
      );
      req.on('error', () => {
        if (!this.stopping) this.refused++;
        resolve();
      });
      req.end();
      this.reqs.push(req);
    });
  }

  stop() {
    this.stopping = true;
    for (const r of this.reqs) r.destroy();
  }
}

/**
 * The traffic: `onAlert` hooked to the push endpoint; the first `claimers` drivers an alert
 * reaches read their feed and claim it; the winner gets the code from the shop and records the
 * pickup. `post` and `feed` are called by the benchmarks' open-rate loops.
 */
export class Evening {
  rec = new Recorder();
  /** Posts answered 201 in this window, and those no association could take (no alert awaited). */
  posted = 0;
  unreached = 0;
  answeredAt = new Map<number, number>();
  shopOf = new Map<number, { token: string; at: number }>();
  /** Alerts that came before the post's answer: acted on once it is answered. */
  private early = new Map<number, string[]>();
  private pending = new Set<Promise<void>>();

  constructor(
    public port: number,
    public cast: Cast,
    push: PushEndpoint,
    private claimers = 2,
  ) {
    const byUser = new Map(cast.drivers.map((d) => [d.userId, d]));
    push.onAlert = (userId, donationId, nth) => {
      const driver = byUser.get(userId);
      if (!driver || nth > this.claimers) return;
      if (this.shopOf.has(donationId)) this.track(this.fetchAndClaim(driver.token, donationId));
      else this.early.set(donationId, [...(this.early.get(donationId) ?? []), driver.token]);
    };
  }

  /**
   * A new window of figures: returns the last one's. The donations of the last 10 s stay known
   * (their alerts may still come); the answer times start again.
   */
  window() {
    const r = this.rec;
    this.rec = new Recorder();
    this.answeredAt.clear();
    this.posted = this.unreached = 0;
    const old = performance.now() - 10_000;
    for (const [id, s] of this.shopOf) if (s.at < old) this.shopOf.delete(id);
    for (const id of this.early.keys()) if (!this.shopOf.has(id)) this.early.delete(id);
    return r;
  }

  private track(p: Promise<void>) {
    this.pending.add(p);
    p.finally(() => this.pending.delete(p));
  }

  async settle(timeoutMs = 30_000) {
    const until = performance.now() + timeoutMs;
    while (this.pending.size && performance.now() < until)
      await Promise.race([...this.pending, new Promise((r) => setTimeout(r, 200))]);
  }

  private async timed<T>(kind: string, since: number, call: () => Promise<T & { status: number }>) {
    try {
      const r = await call();
      this.rec.record(kind, performance.now() - since, r.status);
      return r;
    } catch {
      this.rec.record(kind, performance.now() - since, 0);
      return null;
    }
  }

  /** One shop posts (open load: the latency counts from `due`). */
  async post(i: number, due: number) {
    const shop = this.cast.shops[i % this.cast.shops.length];
    const now = Date.now();
    const r = await this.timed('post', due, () =>
      httpJson(this.port, 'POST', '/api/v1/donations', shop.token, {
        category: 'bakery',
        description: `Invendus du soir ${i}`,
        quantityKg: 4,
        storage: 'ambient',
        pickupFrom: new Date(now).toISOString(),
        pickupUntil: new Date(now + 3 * H).toISOString(),
      }),
    );
    if (r?.status === 201 && r.json?.id) {
      const at = performance.now();
      // an alert is awaited only where some association can take it (the answer says so)
      if (r.json.reach?.associations > 0) this.answeredAt.set(r.json.id, at);
      else this.unreached++;
      this.posted++;
      this.shopOf.set(r.json.id, { token: shop.token, at });
      for (const driver of this.early.get(r.json.id) ?? [])
        this.track(this.fetchAndClaim(driver, r.json.id));
      this.early.delete(r.json.id);
    }
    return r?.status ?? 0;
  }

  /** A driver nobody alerted looks at the feed (open load). */
  async feed(i: number, due: number) {
    const d = this.cast.drivers[(i * 7919) % this.cast.drivers.length];
    const r = await this.timed('feed', due, () =>
      httpCall(this.port, 'GET', '/api/v1/donations', { authorization: `Bearer ${d.token}` }).then(
        (status) => ({ status }),
      ),
    );
    return r?.status ?? 0;
  }

  private async fetchAndClaim(token: string, id: number) {
    let t = performance.now();
    await this.timed('feed', t, () =>
      httpCall(this.port, 'GET', '/api/v1/donations', { authorization: `Bearer ${token}` }).then(
        (status) => ({ status }),
      ),
    );
    t = performance.now();
    const claim = await this.timed('claim', t, () =>
      httpJson(this.port, 'POST', `/api/v1/donations/${id}/claim`, token),
    );
    if (claim?.status !== 200) return;
    const shop = this.shopOf.get(id)?.token;
    if (!shop) return;
    t = performance.now();
    const seen = await this.timed('code', t, () =>
      httpJson(this.port, 'GET', `/api/v1/donations/${id}`, shop),
    );
    const code = seen?.json?.handoverCode;
    if (!code) return;
    t = performance.now();
    await this.timed('pickup', t, () =>
      httpJson(this.port, 'POST', `/api/v1/donations/${id}/pickup`, token, {
        handoverCode: code,
        receivedKg: 4,
        quality: 'good',
      }),
    );
  }

  /**
   * Post answered to first alert received, for the donations answered in this window (ms, sorted).
   * A donation whose alert has not come yet counts with the time waited so far: when there are
   * any, the percentiles are lower bounds (`pending` says how many).
   */
  /** From each post's answer to each SSE page that heard of it (every instance's pages), p95. */
  sseDelays(sse: SsePages) {
    const out: number[] = [];
    for (const [id, at] of this.answeredAt)
      for (const heard of sse.postedAt.get(id) ?? []) out.push(Math.max(0, heard - at));
    sse.postedAt.clear();
    out.sort((a, b) => a - b);
    return { count: out.length, p95: out.length ? percentile(out, 95) : NaN };
  }

  alertDelays(push: PushEndpoint) {
    const out: number[] = [];
    let pending = 0;
    const now = performance.now();
    for (const [id, at] of this.answeredAt) {
      const first = push.firstAt.get(id);
      if (first === undefined) pending++;
      out.push((first ?? now) - at);
    }
    out.sort((a, b) => a - b);
    const p95 = out.length ? percentile(out, 95) : NaN;
    const text = Number.isFinite(p95)
      ? `${pending ? '>= ' : ''}${p95.toFixed(0)} ms${pending ? ` (${pending} of ${out.length} not alerted yet)` : ''}`
      : '-';
    return { delays: out, pending, p95, text };
  }
}
