/**
 * Soak (issue 18): one server as `npm start` runs it, a steady mixed load for BENCH_SOAK_MINUTES
 * (default 30), its memory sampled every minute. Run: npm run bench:soak
 *   BENCH_DB=postgres (default; a fresh database sl_h_bench_soak beside BENCH_DATABASE_URL,
 *   default postgres://postgres@127.0.0.1:5432/postgres) or BENCH_DB=pglite (the embedded
 *   database in a new folder: its data lives in the server's process, so its RSS holds PGlite's
 *   WebAssembly memory too).
 *   BENCH_SCALE (default 0.1 of the region: 2,000 shops, 500 associations, 20,000 donations),
 *   BENCH_SOAK_RATE posts/s (default 20 on PostgreSQL, 5 embedded), the same rate of feed reads
 *   by drivers nobody alerted, BENCH_SOAK_SSE pages held open (default 20).
 * Memory: RSS from /proc/PID/status; the V8 heap (heapUsed) from process.memoryUsage() in the
 * server, asked over an IPC channel the bench opens to its child (memory-probe.mjs, preloaded with
 * node --import): no HTTP route is added. Prints a table and writes test-results/soak-<db>.svg.
 * Figures only: nothing fails on speed or growth.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, heapOf, paced, rssMb, startServer } from './lib.js';
import {
  Evening,
  PushEndpoint,
  SsePages,
  regionSizes,
  seedPGlite,
  seedPostgres,
} from './evening.js';

const DB = process.env.BENCH_DB === 'pglite' ? 'pglite' : 'postgres';
const MINUTES = Math.max(1, Number(process.env.BENCH_SOAK_MINUTES ?? 30));
const SCALE = Number(process.env.BENCH_SCALE ?? 0.1);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? (DB === 'pglite' ? 5 : 20));
const SSE = Number(process.env.BENCH_SOAK_SSE ?? 20);
const WINDOW_S = 60;
const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Row {
  minute: number;
  rss: number;
  heap: number;
  requests: number;
  errors: number;
  e5xx: number;
  postP95: number;
  feedP95: number;
  alertP95: number;
  alertText: string;
  cpu: number;
  benchCpu: number;
}

function svgChart(rows: Row[], title: string) {
  const W = 640,
    H = 320,
    L = 56,
    R = 16,
    T = 36,
    B = 44;
  const maxY = Math.max(10, ...rows.map((r) => r.rss)) * 1.1;
  const maxX = Math.max(1, rows[rows.length - 1].minute);
  const x = (m: number) => L + ((W - L - R) * m) / maxX;
  const y = (v: number) => T + (H - T - B) * (1 - v / maxY);
  const line = (k: 'rss' | 'heap') =>
    rows.map((r, i) => `${i ? 'L' : 'M'}${x(r.minute).toFixed(1)},${y(r[k]).toFixed(1)}`).join(' ');
  const step = maxY > 400 ? 100 : maxY > 200 ? 50 : 25;
  const yTicks = [];
  for (let v = 0; v <= maxY; v += step) yTicks.push(v);
  const xStep = Math.max(1, Math.ceil(maxX / 10));
  const xTicks = [];
  for (let m = 0; m <= maxX; m += xStep) xTicks.push(m);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">
<title>${esc(title)}</title>
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${L}" y="20" font-size="14">${esc(title)}</text>
${yTicks.map((v) => `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`).join('\n')}
${xTicks.map((m) => `<text x="${x(m)}" y="${H - B + 16}" text-anchor="middle">${m}</text>`).join('\n')}
<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#333"/>
<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#333"/>
<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">minutes</text>
<text x="14" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(T + H - B) / 2})">MB</text>
<path d="${line('rss')}" fill="none" stroke="#1f6feb" stroke-width="2"/>
<path d="${line('heap')}" fill="none" stroke="#d9480f" stroke-width="2" stroke-dasharray="6 3"/>
<rect x="${W - R - 150}" y="${T}" width="12" height="3" fill="#1f6feb"/><text x="${W - R - 132}" y="${T + 5}">RSS</text>
<rect x="${W - R - 90}" y="${T}" width="12" height="3" fill="#d9480f"/><text x="${W - R - 72}" y="${T + 5}">V8 heap used</text>
</svg>
`;
}

async function main() {
  const push = await new PushEndpoint().start();
  const sizes = regionSizes(SCALE, 100);
  console.log(`Soak on ${DB}: seeding ${JSON.stringify(sizes)} and a driver per association...`);
  const dataDir = mkdtempSync(join(tmpdir(), 'sl-soak-data-'));
  let env: Record<string, string>;
  let cast;
  let cleanup = () => {};
  if (DB === 'postgres') {
    const s = await seedPostgres(base, 'sl_h_bench_soak', sizes, push, SCALE);
    console.log(`  seeded in ${s.seconds.toFixed(1)} s`);
    env = { DATABASE_URL: s.url, DATA_DIR: dataDir };
    cast = s.cast;
  } else {
    const s = await seedPGlite(sizes, push, SCALE);
    console.log(`  seeded in ${s.seconds.toFixed(1)} s`);
    env = { DATABASE_URL: '', DATA_DIR: s.dir };
    cast = s.cast;
    cleanup = () => rmSync(s.dir, { recursive: true, force: true });
  }
  const port = 3960 + (DB === 'pglite' ? 1 : 0);
  const server = await startServer(env, port, { memoryProbe: true });
  const pid = server.proc.pid!;
  const evening = new Evening(port, cast, push);
  const sse = await new SsePages(
    port,
    cast.drivers.slice(0, SSE).map((d) => d.cookie),
  ).start();
  console.log(
    `  ${SSE} SSE pages open (${sse.open} answered 200); ${RATE} posts/s, ${RATE} feed reads/s by other drivers, the first 2 drivers each alert reaches read their feed and claim, the winner records the pickup`,
  );
  // warm-up, outside the figures
  await paced(4, 1000, 5, (i, due) => evening.post(i, due));
  await evening.settle(10_000);
  evening.window();
  push.forget();

  const rows: Row[] = [
    {
      minute: 0,
      rss: rssMb(pid),
      heap: (await heapOf(server.proc)).heapUsed,
      requests: 0,
      errors: 0,
      e5xx: 0,
      postP95: NaN,
      feedP95: NaN,
      alertP95: NaN,
      alertText: '-',
      cpu: NaN,
      benchCpu: NaN,
    },
  ];
  const clients = 8;
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
  console.log(
    `${pad('min', 4)} ${pad('RSS MB', 7)} ${pad('heap MB', 8)} ${pad('requests', 9)} ${pad('errors', 7)} ${pad('5xx', 4)} ${pad('post p95', 9)} ${pad('feed p95', 9)} ${pad('alert p95', 10)} ${pad('server CPU %', 13)} ${pad('bench CPU %', 12)}`,
  );
  const print = (r: Row) =>
    console.log(
      `${pad(r.minute, 4)} ${pad(f1(r.rss), 7)} ${pad(f1(r.heap), 8)} ${pad(r.requests, 9)} ${pad(r.errors, 7)} ${pad(r.e5xx, 4)} ${pad(f1(r.postP95), 9)} ${pad(f1(r.feedP95), 9)} ${pad(r.alertText, 10)} ${pad(f1(r.cpu), 13)} ${pad(f1(r.benchCpu), 12)}`,
    );
  print(rows[0]);
  for (let m = 1; m <= MINUTES; m++) {
    const cpu0 = cpuSeconds(pid);
    const self0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all([
      paced(clients, (clients * 1000) / RATE, WINDOW_S, (i, due) => evening.post(i, due)),
      paced(clients, (clients * 1000) / RATE, WINDOW_S, (i, due) => evening.feed(i, due)),
    ]);
    await new Promise((r) => setTimeout(r, 500)); // the last alerts of the minute
    const alerts = evening.alertDelays(push);
    const rec = evening.window();
    push.forget();
    const row: Row = {
      minute: m,
      rss: rssMb(pid),
      heap: (await heapOf(server.proc)).heapUsed,
      requests: rec.requests(),
      errors: rec.errors(),
      e5xx: rec.count5xx(),
      postP95: rec.pct('post', 95),
      feedP95: rec.pct('feed', 95),
      alertP95: alerts.p95,
      alertText: !Number.isFinite(alerts.p95)
        ? '-'
        : `${alerts.pending ? '>=' : ''}${alerts.p95.toFixed(0)}`,
      cpu: (100 * (cpuSeconds(pid) - cpu0)) / ((performance.now() - t0) / 1000),
      benchCpu:
        (100 * (process.cpuUsage(self0).user + process.cpuUsage(self0).system)) /
        1e6 /
        ((performance.now() - t0) / 1000),
    };
    rows.push(row);
    print(row);
  }
  await evening.settle(10_000);
  sse.stop();
  await server.stop();
  await push.stop();
  cleanup();
  rmSync(dataDir, { recursive: true, force: true });

  const span = Math.min(20, Math.floor((2 * MINUTES) / 3)) || 1;
  const from = rows[rows.length - 1 - span];
  const to = rows[rows.length - 1];
  const growth = (a: number, b: number) => (100 * (b - a)) / a;
  const rssG = growth(from.rss, to.rss);
  const heapG = growth(from.heap, to.heap);
  const total5xx = rows.reduce((n, r) => n + r.e5xx, 0);
  const totalErrors = rows.reduce((n, r) => n + r.errors, 0);
  const totalReq = rows.reduce((n, r) => n + r.requests, 0);
  console.log(
    `growth over the last ${span} minute(s) (minute ${from.minute} to ${to.minute}): RSS ${from.rss.toFixed(1)} -> ${to.rss.toFixed(1)} MB, ${rssG.toFixed(1)} % (${rssG < 10 ? 'under' : 'NOT under'} 10 %); V8 heap used ${from.heap.toFixed(1)} -> ${to.heap.toFixed(1)} MB, ${heapG.toFixed(1)} % (${heapG < 10 ? 'under' : 'NOT under'} 10 %)`,
  );
  console.log(
    `requests ${totalReq}, errors ${totalErrors} (5xx: ${total5xx}); SSE pages: ${sse.events} events heard, ${sse.dropped} dropped, ${sse.refused} refused; pushes received ${push.count}`,
  );
  mkdirSync('test-results', { recursive: true });
  const file = `test-results/soak-${DB}.svg`;
  writeFileSync(
    file,
    svgChart(
      rows,
      `Soak on ${DB === 'pglite' ? 'the embedded database (PGlite)' : 'PostgreSQL'}: ${MINUTES} min, ${RATE} posts/s, scale ${SCALE}`,
    ),
  );
  console.log(`chart: ${file}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
