/**
 * The chaos run's tools: the real server in a child process (as `npm start` runs it), a network
 * seeded with known API tokens, a burst of posts and claims that records every answer, and the
 * check that each write answered 2xx is in the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request, type IncomingMessage } from 'node:http';
import type { Kysely } from 'kysely';
import { createApiToken, createSession } from '../../src/accounts/domain.js';
import type { Database } from '../../src/db/schema.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrgWithUser } from '../helpers/factories.js';
import { localRequest } from '../helpers/http-client.js';

const H = 3_600_000;

export interface ServerProcess {
  proc: ChildProcess;
  port: number;
  /** what the server wrote on stdout and stderr so far */
  output(): string;
  alive(): boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then its exit */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill9(): Promise<void>;
}

/**
 * `node <npm start's flags> src/tools/start.mjs` on a free port, with only the database settings
 * given (the test's DATABASE_URL or DATA_DIR, never the parent's).
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const start: string = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start;
  const flags = start.split(/\s+/).filter((a) => a.startsWith('--'));
  const base = { ...process.env };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'])
    delete base[k];
  const proc = spawn(process.execPath, [...flags, 'src/tools/start.mjs'], {
    env: { ...base, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const orphan = () => proc.kill('SIGKILL'); // a failed run leaves no server behind
  process.on('exit', orphan);
  let out = '';
  proc.stdout!.on('data', (b) => (out += b));
  proc.stderr!.on('data', (b) => (out += b));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      process.off('exit', orphan);
      resolve({ code, signal });
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    proc.stdout!.on('data', () => {
      const m = /Listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code} before listening:\n${out}`));
    });
  });
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  return {
    proc,
    port,
    output: () => out,
    alive,
    exited,
    async stop() {
      if (alive()) proc.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

export interface Answer {
  status: number; // 0: no answer (connection refused or cut)
  headers: IncomingMessage['headers'];
  body: string;
  error?: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One HTTP call; a refused or cut connection is an answer with status 0, never a throw. */
export function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<Answer> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const req = localRequest({ agent, port, method, path, headers, body: text }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (data += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }),
      );
      res.on('error', (e: NodeJS.ErrnoException) =>
        resolve({ status: 0, headers: {}, body: '', error: e.code ?? e.message }),
      );
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ status: 0, headers: {}, body: '', error: e.code ?? e.message }),
    );
    req.end(text);
  });
}

export interface Network {
  shops: { token: string; orgId: number }[];
  associations: { token: string; orgId: number; session: string }[];
  /** open donations the associations may claim */
  claimable: number[];
}

/** Shops and associations at one place (each association fits each donation), with API tokens. */
export async function seedNetwork(
  db: Kysely<Database>,
  n: { shops: number; associations: number; claimable: number },
): Promise<Network> {
  const now = new Date();
  const net: Network = { shops: [], associations: [], claimable: [] };
  for (let i = 0; i < n.shops; i++) {
    const { org, user } = await createOrgWithUser(db, 'shop');
    net.shops.push({ orgId: org.id, token: await createApiToken(db, user.id, now) });
  }
  for (let i = 0; i < n.associations; i++) {
    const { org, user } = await createOrgWithUser(db, 'association', { radius_km: 20 });
    net.associations.push({
      orgId: org.id,
      token: await createApiToken(db, user.id, now),
      session: await createSession(db, user.id, now),
    });
  }
  const { org: giver } = await createOrgWithUser(db, 'shop');
  for (let i = 0; i < n.claimable; i++)
    net.claimable.push(
      (
        await createDonation(db, {
          shopId: giver.id,
          description: `À réserver ${i}`,
          pickup_from: new Date(now.getTime() - 60_000),
          pickup_until: new Date(now.getTime() + 3 * H),
          created_at: new Date(now.getTime() - 120_000),
        })
      ).id,
    );
  return net;
}

export const donationBody = (label: string) => ({
  category: 'bakery',
  description: label,
  quantityKg: 4,
  storage: 'ambient',
  pickupFrom: new Date(Date.now() + H).toISOString(),
  pickupUntil: new Date(Date.now() + 3 * H).toISOString(),
});

export interface Outcome {
  kind: 'post' | 'claim' | 'page';
  answer: Answer;
  /** the donation posted (201) or claimed (200) */
  donationId?: number;
  orgId: number;
  description?: string;
  /** when the answer came, ms after the burst began */
  at: number;
}

/**
 * Every shop posts and every association claims the next claimable donation, each again as soon
 * as answered, until `stop()` says so; one association also loads its feed page (HTML).
 * `outcomes` fills as answers come; `done` settles once every client has stopped.
 */
export function burst(port: number, net: Network, stop: () => boolean) {
  const outcomes: Outcome[] = [];
  const t0 = Date.now();
  const at = () => Date.now() - t0;
  let next = 0;
  let seq = 0;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const posters = net.shops.map(async (s) => {
    while (!stop()) {
      const description = `Lot du chaos ${s.orgId}-${seq++}`;
      const answer = await call(
        port,
        'POST',
        '/api/v1/donations',
        bearer(s.token),
        donationBody(description),
      );
      const o: Outcome = { kind: 'post', answer, orgId: s.orgId, description, at: at() };
      if (answer.status === 201) o.donationId = JSON.parse(answer.body).id;
      outcomes.push(o);
      if (answer.status === 0) await pause(50); // the server is gone: do not spin
    }
  });
  const claimers = net.associations.map(async (a) => {
    while (!stop() && next < net.claimable.length) {
      const id = net.claimable[next++];
      const answer = await call(port, 'POST', `/api/v1/donations/${id}/claim`, bearer(a.token));
      outcomes.push({ kind: 'claim', answer, orgId: a.orgId, donationId: id, at: at() });
      if (answer.status === 0) await pause(50);
    }
  });
  const reader = (async () => {
    const a = net.associations[0];
    while (!stop()) {
      const answer = await call(port, 'GET', '/feed', { cookie: `sid=${a.session}` });
      outcomes.push({ kind: 'page', answer, orgId: a.orgId, at: at() });
      await pause(answer.status === 0 ? 50 : 20);
    }
  })();
  const done = Promise.all([...posters, ...claimers, reader]).then(() => outcomes);
  /** answers 2xx so far, or since `after` ms */
  const successes = (after = 0) =>
    outcomes.filter((o) => o.at >= after && o.answer.status >= 200 && o.answer.status < 300).length;
  return { outcomes, done, successes, elapsed: at };
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each write answered 2xx, looked up in the database: what is missing or not as answered. */
export async function missingWrites(db: Kysely<Database>, outcomes: Outcome[]) {
  const posted = outcomes.filter((o) => o.kind === 'post' && o.answer.status === 201);
  const claimed = outcomes.filter((o) => o.kind === 'claim' && o.answer.status === 200);
  const ids = [...posted, ...claimed].map((o) => o.donationId!);
  const rows = ids.length
    ? await db
        .selectFrom('donations')
        .select(['id', 'shop_id', 'description', 'status', 'claimed_by'])
        .where('id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const missing: string[] = [];
  for (const o of posted) {
    const r = byId.get(o.donationId!);
    if (!r || Number(r.shop_id) !== o.orgId || r.description !== o.description)
      missing.push(`post ${o.donationId} (${o.description})`);
  }
  for (const o of claimed) {
    const r = byId.get(o.donationId!);
    if (!r || r.status !== 'claimed' || Number(r.claimed_by) !== o.orgId)
      missing.push(
        `claim of ${o.donationId} by ${o.orgId}: ${r ? `${r.status}/${r.claimed_by}` : 'no row'}`,
      );
  }
  return { posted: posted.length, claimed: claimed.length, missing };
}

/** Answers of the burst by status, e.g. { post: { 201: 310, 503: 6 }, claim: {...} } */
export function tally(outcomes: Outcome[]) {
  const t: Record<string, Record<string, number>> = {};
  for (const o of outcomes) {
    const k = o.answer.status || o.answer.error || 'none';
    (t[o.kind] ??= {})[k] = (t[o.kind][k] ?? 0) + 1;
  }
  return t;
}

/** Until `GET /healthz` answers 200 (polled every 100 ms), at most `ms`; how many tries it took. */
export async function healthy(port: number, ms = 10_000) {
  const end = Date.now() + ms;
  for (let tries = 1; ; tries++) {
    const a = await call(port, 'GET', '/healthz');
    if (a.status === 200) return tries;
    if (Date.now() > end) throw new Error(`/healthz still ${a.status || a.error} after ${ms} ms`);
    await pause(100);
  }
}

/** An open `/events` stream of a signed-in user: the events it received so far. */
export function openEvents(port: number, session: string) {
  const events: { event: string; data: string }[] = [];
  let buffer = '';
  const req = request({
    host: '127.0.0.1',
    port,
    path: '/events',
    headers: { cookie: `sid=${session}`, accept: 'text/event-stream' },
  });
  const opened = new Promise<void>((resolve, reject) => {
    req.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`/events answered ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .filter((l) => l.startsWith(`${name}:`))
              .map((l) => l.slice(name.length + 1).trim())
              .join('\n');
          if (field('event')) events.push({ event: field('event'), data: field('data') });
        }
        resolve(); // the first bytes (": connected") say the stream is open
      });
    });
    req.on('error', reject);
  });
  req.end();
  return { events, opened, close: () => req.destroy() };
}

/** Whether `pred` becomes true within `ms`, polled every 100 ms. */
export async function eventually(pred: () => boolean | Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() <= end) {
    if (await pred()) return true;
    await pause(100);
  }
  return false;
}
