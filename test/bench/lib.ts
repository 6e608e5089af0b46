import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { EncryptThread } from '../../src/notifications/encrypt-thread.js';
import { nodePushSender } from '../../src/notifications/node-sender.js';
import { localRequest } from '../helpers/http-client.js';

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
  statuses: Record<string, number>;
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
  return summarize(latencies, statuses, (performance.now() - started) / 1000);
}

function summarize(latencies: number[], statuses: Record<string, number>, seconds: number) {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
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
  opts: { memoryProbe?: boolean } = {},
): Promise<{ proc: ChildProcess; stop: () => Promise<void> }> {
  // as `npm start` runs it (the esbuild bundle, its Node flags), without the npm wrapper, so RSS
  // is the server's own
  const start: string = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start;
  const flags = start.split(/\s+/).filter((a) => a.startsWith('--'));
  // memoryProbe: an IPC channel to this process only, and a module preloaded that answers it
  // with process.memoryUsage() (memory-probe.mjs): the heap is read without any HTTP route
  const probe = opts.memoryProbe ? ['--import', './test/bench/memory-probe.mjs'] : [];
  const proc = spawn(process.execPath, [...flags, ...probe, 'src/tools/start.mjs'], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: opts.memoryProbe ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
  });
  const orphan = () => proc.kill('SIGKILL'); // a benchmark that fails leaves no server behind
  process.on('exit', orphan);
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
        process.off('exit', orphan);
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

/** A call that counts only the status, as lean as can be: the load generator shares the cores. */
export function httpCall(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = localRequest({ agent, port, method, path, headers, body }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    // a kept-alive socket the server closed as we reused it: send again on a new one (Node's advice)
    req.on('error', (e: NodeJS.ErrnoException) =>
      req.reusedSocket && e.code === 'ECONNRESET'
        ? httpCall(port, method, path, headers, body).then(resolve, reject)
        : reject(e),
    );
    req.end(body);
  });
}

/** Whether wrk (Debian package "wrk") is on the PATH: a load generator in C that takes little CPU. */
export function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (e: any) {
    return e?.status === 1; // wrk --version prints its usage and exits 1
  }
}

/**
 * `connections` clients on one wrk thread for `seconds`, each request with the next bearer token
 * of `tokens` (none for an empty list); latencies from wrk's own histogram.
 */
export function wrkLoad(opts: {
  port: number;
  method: string;
  path: string;
  connections: number;
  seconds: number;
  tokens?: string[];
  body?: unknown;
}): LoadResult {
  const dir = mkdtempSync(join(tmpdir(), 'sl-wrk-'));
  const script = join(dir, 'load.lua');
  const body = opts.body === undefined ? 'nil' : luaString(JSON.stringify(opts.body));
  writeFileSync(
    script,
    `local tokens = { ${(opts.tokens ?? []).map(luaString).join(', ')} }
local i = 0
request = function()
  i = i + 1
  local headers = { ["Content-Type"] = "application/json" }
  if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1] end
  return wrk.format(${luaString(opts.method)}, ${luaString(opts.path)}, headers, ${body})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"us":%d,"p50":%.3f,"p95":%.3f,"p99":%.3f,"bad":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
`,
  );
  try {
    const out = execFileSync(
      'wrk',
      [
        '-t1',
        `-c${opts.connections}`,
        `-d${opts.seconds}s`,
        '--timeout',
        '10s',
        '-s',
        script,
        `http://127.0.0.1:${opts.port}${opts.path}`,
      ],
      { encoding: 'utf8' },
    );
    const m = /WRK (\{.*\})/.exec(out);
    if (!m) throw new Error(`wrk printed no figures:\n${out}`);
    const r = JSON.parse(m[1]);
    const seconds = r.us / 1e6;
    const bad = r.bad + r.errors;
    return {
      requests: r.requests,
      seconds,
      rps: r.requests / seconds,
      p50: r.p50,
      p95: r.p95,
      p99: r.p99,
      statuses: bad ? { ok: r.requests - bad, failed: bad } : { ok: r.requests },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const luaString = (s: string) => JSON.stringify(s); // JSON string escapes are valid Lua escapes here

/**
 * An open load: `clients` each start a call every `intervalMs` for `seconds`, whether or not the
 * previous one came back, and each latency counts from when its call was due (so a slow answer
 * is not hidden by the calls it delayed).
 */
export async function paced(
  clients: number,
  intervalMs: number,
  seconds: number,
  fn: (i: number, due: number) => Promise<number>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const calls: Promise<void>[] = [];
  let i = 0;
  const perClient = Math.floor((seconds * 1000) / intervalMs);
  for (let n = 0; n < perClient; n++)
    for (let c = 0; c < clients; c++) {
      // spread the clients over the interval
      const due = started + n * intervalMs + (c * intervalMs) / clients;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const k = i++;
      calls.push(
        fn(k, due).then((status) => {
          latencies.push(performance.now() - due);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }),
      );
    }
  await Promise.all(calls);
  return summarize(latencies, statuses, (performance.now() - started) / 1000);
}

/** The heap of a server started with `memoryProbe`, asked over its IPC channel (MB). */
export function heapOf(
  proc: ChildProcess,
  timeoutMs = 5000,
): Promise<{ heapUsed: number; heapTotal: number; rss: number; external: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.off('message', on);
      reject(new Error('the memory probe did not answer'));
    }, timeoutMs);
    const on = (m: any) => {
      if (m?.type !== 'memory') return;
      clearTimeout(timer);
      proc.off('message', on);
      const mb = (n: number) => n / 1048576;
      resolve({
        heapUsed: mb(m.memory.heapUsed),
        heapTotal: mb(m.memory.heapTotal),
        rss: mb(m.memory.rss),
        external: mb(m.memory.external),
      });
    };
    proc.on('message', on);
    proc.send('memory');
  });
}

/** CPU time a process has used so far (user + system), in seconds, from /proc/PID/stat. */
export function cpuSeconds(pid: number) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** A process's private resident memory (RssAnon, MB): shared pages (PostgreSQL's buffers) left out. */
export function anonRssMb(pid: number) {
  try {
    const m = /RssAnon:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * The push sender as src/node.ts makes it (encrypted on a worker thread), or with
 * BENCH_ENCRYPT=inline on the event loop; `label` says which, `close` ends the thread.
 */
export function benchPushSender() {
  const encryption = new EncryptThread();
  const http = nodePushSender();
  const inline = process.env.BENCH_ENCRYPT === 'inline';
  return {
    sender: inline ? { send: http.send } : { send: http.send, encrypt: encryption.encrypt },
    label: inline
      ? 'on the event loop (BENCH_ENCRYPT=inline)'
      : 'on a worker thread, as src/node.ts',
    close: async () => {
      http.close();
      await encryption.close();
    },
  };
}
