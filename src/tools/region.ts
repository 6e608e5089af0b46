import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '../db/migrate.js';
import { openPostgres } from '../db/postgres.js';
import {
  findHaproxy,
  haproxyConfig,
  HaproxyMissingError,
  serverStats,
  type ServerStat,
} from './haproxy.js';

export interface RegionOptions {
  /** Node instances behind the load balancer (default 3). */
  instances?: number;
  /** The one PostgreSQL they share. */
  databaseUrl: string;
  /** The load balancer's port on 127.0.0.1 (default 8080; 0: a free one). */
  port?: number;
  /** More settings for every instance (SMTP_URL, VAPID keys...), on top of this process's. */
  env?: Record<string, string>;
  /** Where the instances' and HAProxy's output goes, line by line (default: nowhere). */
  log?: (line: string) => void;
}

export interface RegionInstance {
  index: number;
  /** its own port; HAProxy's server name is `i<index>` */
  port: number;
  pid: number;
  /** http://127.0.0.1:<port>, the instance itself, not through the load balancer */
  url: string;
  /** Sends a signal (default SIGTERM; SIGKILL for a crash). */
  kill(signal?: NodeJS.Signals): void;
  /** Stops it if still running, then starts it again on the same port, until it listens. */
  restart(): Promise<void>;
  /** SIGTERM, and its exit (SIGKILL after 20 s). */
  stop(): Promise<void>;
  /** Resolves when the current process has exited. */
  exited(): Promise<void>;
}

export interface Region {
  /** the load balancer: http://127.0.0.1:<port> */
  url: string;
  instances: RegionInstance[];
  haproxyPid: number;
  statsSocket: string;
  /** HAProxy's view of each instance (`show stat`). */
  stats(): Promise<ServerStat[]>;
  /** Until HAProxy reports instance `index` with this status (UP or DOWN), at most `ms`. */
  waitForStatus(index: number, status: 'UP' | 'DOWN', ms?: number): Promise<void>;
  /** Stops every instance (SIGTERM, waiting for each) and HAProxy. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 90_000;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A region as the README recommends it for production, on this machine: N Node instances (each
 * as `npm start` runs it) on one PostgreSQL behind HAProxy, with health checks on /healthz.
 * Migrations run once, here; the first instance starts alone (it builds the server bundle and
 * creates the configured admin), the others after it, together.
 */
export async function startRegion(opts: RegionOptions): Promise<Region> {
  const haproxy = findHaproxy();
  if (!haproxy) throw new HaproxyMissingError();
  const count = opts.instances ?? 3;
  if (!Number.isInteger(count) || count < 1 || count > 32)
    throw new Error(`instances must be a whole number from 1 to 32, not ${count}`);
  const log = opts.log ?? (() => {});
  const database = openPostgres(opts.databaseUrl, { max: 1 });
  try {
    for (const r of await migrateToLatest(database.db))
      log(`migration ${r.migrationName}: ${r.status}`);
  } finally {
    await database.close();
  }

  const dir = mkdtempSync(join(tmpdir(), 'surplus-region-'));
  const children: ChildProcess[] = [];
  const orphans = () => children.forEach((c) => c.kill('SIGKILL')); // a crashed launcher leaves none
  process.on('exit', orphans);
  let instances: RegionInstance[] = [];
  let lb: ChildProcess | null = null;
  const stop = async () => {
    await Promise.all(instances.map((i) => i.stop()));
    if (lb) await stopChild(lb, 'SIGTERM');
    // and whatever started before a failed start (instances not listed yet)
    await Promise.all(children.map((c) => stopChild(c, 'SIGTERM')));
    process.off('exit', orphans);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const first = await startInstance(1, 0, opts, log, children);
    const rest = await Promise.all(
      Array.from({ length: count - 1 }, (_, i) => startInstance(i + 2, 0, opts, log, children)),
    );
    instances = [first, ...rest];
    const port = opts.port === 0 ? await freePort() : (opts.port ?? 8080);
    const statsSocket = join(dir, 'haproxy.sock');
    const cfg = join(dir, 'haproxy.cfg');
    writeFileSync(
      cfg,
      haproxyConfig({
        port,
        statsSocket,
        backends: instances.map((i) => ({ name: `i${i.index}`, port: i.port })),
      }),
    );
    lb = spawn(haproxy, ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(lb);
    const lbOut = collect(lb, 'haproxy', log);
    const lbExit = new Promise<never>((_, reject) =>
      lb!.once('exit', (code) => reject(new Error(`haproxy exited ${code}:\n${lbOut()}`))),
    );
    lbExit.catch(() => {});
    const stats = () => serverStats(statsSocket);
    const waitForStatus = async (index: number, status: 'UP' | 'DOWN', ms = 15_000) => {
      const end = Date.now() + ms;
      let last = '';
      for (;;) {
        const s = (await stats().catch(() => [])).find((x) => x.name === `i${index}`);
        last = s ? `${s.status} (${s.checkStatus})` : 'not reported';
        // at start HAProxy says UP before its first check: UP counts once a check passed
        if (s?.status === status && (status === 'DOWN' || s.checkStatus.startsWith('L7OK'))) return;
        if (Date.now() > end)
          throw new Error(`instance i${index} still ${last} after ${ms} ms, not ${status}`);
        await pause(100);
      }
    };
    await Promise.race([
      Promise.all(instances.map((i) => waitForStatus(i.index, 'UP', START_TIMEOUT_MS))),
      lbExit,
    ]);
    return {
      url: `http://127.0.0.1:${port}`,
      instances,
      haproxyPid: lb.pid!,
      statsSocket,
      stats,
      waitForStatus,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** A free TCP port on 127.0.0.1 (asked of the system, then let go for HAProxy to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Passes a child's output to `log` line by line, prefixed; returns a reader of its last lines. */
function collect(child: ChildProcess, prefix: string, log: (s: string) => void) {
  const tail: string[] = [];
  let partial = '';
  const take = (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      tail.push(line);
      if (tail.length > 200) tail.shift();
      log(`[${prefix}] ${line}`);
    }
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  return () => [...tail, partial].join('\n');
}

/** `node <npm start's flags> src/tools/start.mjs`, as `npm start` runs the site. */
function spawnServer(port: number, opts: RegionOptions) {
  const start: string = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start;
  const flags = start.split(/\s+/).filter((a) => a.startsWith('--'));
  // REGION_NODE_FLAGS: more Node flags for each instance (e.g. --cpu-prof for a profile)
  const more = (process.env.REGION_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  return spawn(process.execPath, [...flags, ...more, 'src/tools/start.mjs'], {
    env: {
      ...process.env,
      TRUST_PROXY: '1', // HAProxy appends the client's address to X-Forwarded-For
      ...opts.env,
      DATABASE_URL: opts.databaseUrl,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts instance `index` on `port` (0: any) and resolves once it listens. */
async function startInstance(
  index: number,
  port: number,
  opts: RegionOptions,
  log: (s: string) => void,
  children: ChildProcess[],
): Promise<RegionInstance> {
  let child = await launch(index, port, opts, log, children);
  const instance: RegionInstance = {
    index,
    port: child.port,
    pid: child.proc.pid!,
    url: `http://127.0.0.1:${child.port}`,
    kill: (signal = 'SIGTERM') => void child.proc.kill(signal),
    exited: () => child.exited,
    stop: () => stopChild(child.proc, 'SIGTERM'),
    async restart() {
      await stopChild(child.proc, 'SIGTERM');
      child = await launch(index, instance.port, opts, log, children);
      instance.pid = child.proc.pid!;
    },
  };
  return instance;
}

async function launch(
  index: number,
  port: number,
  opts: RegionOptions,
  log: (s: string) => void,
  children: ChildProcess[],
) {
  const proc = spawnServer(port, opts);
  children.push(proc);
  const output = collect(proc, `i${index}`, log);
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  void exited.then(() => {
    const at = children.indexOf(proc);
    if (at >= 0) children.splice(at, 1);
  });
  const listening = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`instance i${index} did not start:\n${output()}`));
    }, START_TIMEOUT_MS);
    const look = () => {
      const m = /Listening on http:\/\/localhost:(\d+)/.exec(output());
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.off('data', look);
      resolve(Number(m[1]));
    };
    proc.stdout!.on('data', look);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`instance i${index} exited before listening:\n${output()}`));
    });
  });
  return { proc, port: listening, exited };
}

/** `signal`, then its exit (SIGKILL after 20 s). */
async function stopChild(proc: ChildProcess, signal: NodeJS.Signals) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill(signal);
  const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
