/**
 * The region tests' tools: a fresh database per file beside TEST_DATABASE_URL, the region itself
 * (src/tools/region.ts: real server processes behind a real HAProxy), calls that say which
 * instance answered, and an SSE stream that notes when each event arrived.
 */
import { request } from 'node:http';
import postgres from 'postgres';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/postgres.js';
import { findHaproxy } from '../../src/tools/haproxy.js';
import { startRegion, type Region, type RegionOptions } from '../../src/tools/region.js';
import { freshDatabase } from '../bench/lib.js';

export const baseUrl = process.env.TEST_DATABASE_URL ?? null;

/**
 * Why the region tests do not run here, or null. Without TEST_DATABASE_URL they cannot; without
 * HAProxy they are skipped on a developer's machine, but in CI (CI=true) they run and fail.
 */
export const skipReason = !baseUrl
  ? 'TEST_DATABASE_URL is not set (the region needs PostgreSQL)'
  : !findHaproxy() && process.env.CI !== 'true'
    ? 'HAProxy is not installed (apt-get install haproxy); in CI this fails instead'
    : null;
if (skipReason) console.warn(`test/region skipped: ${skipReason}`);

/**
 * A fresh, migrated database named after TEST_DATABASE_URL's (so CI's clean-up of `<db>%` drops
 * it if a run dies), with a handle for seeding and checking, and its drop.
 */
export async function regionDatabase(tag: string) {
  const base = baseUrl!;
  const name = `${new URL(base).pathname.slice(1) || 'test'}_region_${tag}_${process.pid}`;
  const url = await freshDatabase(base, name);
  const handle = openPostgres(url, { max: 4 });
  await migrateToLatest(handle.db);
  return {
    url,
    db: handle.db,
    async drop() {
      await handle.close();
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/** The region on that database, its output kept (printed when a test fails to start it). */
export async function region(databaseUrl: string, opts: Partial<RegionOptions> = {}) {
  const lines: string[] = [];
  const r = await startRegion({
    instances: 3,
    port: 0,
    databaseUrl,
    ...opts,
    env: { PUSH_ALLOW_INSECURE_ENDPOINTS: '1', ...opts.env },
    log: (l) => {
      lines.push(l);
      if (lines.length > 2000) lines.shift();
    },
  });
  return Object.assign(r, { port: Number(new URL(r.url).port), output: () => lines.join('\n') });
}

export type TestRegion = Region & { port: number; output(): string };

/** One HTTP call through the load balancer: its status, body and which instance answered. */
export function lbCall(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; body: string; servedBy: string | null; error?: string }> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          ...headers,
          ...(text ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (data += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: data,
            servedBy: (res.headers['x-served-by'] as string) ?? null,
          }),
        );
        res.on('error', (e) => resolve({ status: 0, body: '', servedBy: null, error: e.message }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, body: '', servedBy: null, error: e.message }));
    req.end(text);
  });
}

export interface StreamEvent {
  event: string;
  data: any;
  /** performance.now() when its last byte arrived */
  at: number;
}

/** A signed-in user's `/events` through the load balancer: which instance holds it, and its events. */
export async function openStream(port: number, session: string) {
  const events: StreamEvent[] = [];
  let buffer = '';
  const req = request({
    host: '127.0.0.1',
    port,
    path: '/events',
    headers: { cookie: `sid=${session}`, accept: 'text/event-stream' },
  });
  const servedBy = await new Promise<string>((resolve, reject) => {
    req.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`/events answered ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i).split('\n');
          buffer = buffer.slice(i + 2);
          const field = (name: string) =>
            block
              .filter((l) => l.startsWith(`${name}:`))
              .map((l) => l.slice(name.length + 1).trim())
              .join('\n');
          if (!field('event')) continue;
          let data: unknown = field('data');
          try {
            data = JSON.parse(field('data'));
          } catch {
            // not JSON: kept as text
          }
          events.push({ event: field('event'), data, at });
        }
        // the first bytes (": connected") say the stream is open on its instance
        resolve(String(res.headers['x-served-by']));
      });
    });
    req.on('error', reject);
    req.end();
  });
  return { servedBy, events, close: () => req.destroy() };
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether `pred` becomes true within `ms`, polled every 50 ms. */
export async function eventually(pred: () => boolean | Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() <= end) {
    if (await pred()) return true;
    await pause(50);
  }
  return false;
}
