import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';

/** Helpers shared by the benchmarks: a server in a child process, a load loop, percentiles, RSS. */

export function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<number, number>;
}

/** Run `fn` from `concurrency` workers until `total` calls are done; latencies in ms. */
export async function load(
  concurrency: number,
  total: number,
  fn: (i: number) => Promise<number>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const status = await fn(i);
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    seconds,
    rps: total / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    statuses,
  };
}

export const fmt = (r: LoadResult) =>
  `${r.requests} req in ${r.seconds.toFixed(2)} s = ${r.rps.toFixed(0)} req/s; p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; statuses ${JSON.stringify(r.statuses)}`;

export function rssMb(pid: number) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Sample a process's resident memory (and its children's, for tsx's node) every 100 ms. */
export function sampleRss(pid: number) {
  let max = 0;
  const pids = () => {
    const all = [pid];
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean))
        all.push(Number(child));
    } catch {}
    return all;
  };
  const timer = setInterval(() => {
    const total = pids().reduce((s, p) => s + (rssMb(p) || 0), 0);
    max = Math.max(max, total);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return max;
    },
  };
}

export async function startServer(
  env: Record<string, string>,
  port: number,
): Promise<{ proc: ChildProcess; stop: () => Promise<void> }> {
  // as `npm start` runs it (the esbuild bundle), without the npm wrapper, so RSS is the server's own
  const proc = spawn(process.execPath, ['--max-semi-space-size=4', 'src/tools/start.mjs'], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 120_000);
    proc.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('Listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return {
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        proc.removeAllListeners('exit');
        proc.on('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export async function freshDatabase(baseUrl: string, name: string) {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

const agent = new Agent({ keepAlive: true, maxSockets: 600 });

/** A lean HTTP client (node:http with keep-alive): the load generator shares the machine's cores. */
export function httpCall(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: body
          ? {
              ...headers,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            }
          : headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
