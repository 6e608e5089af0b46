/**
 * The evening peak of a region (issue 18). Run: npm run bench:region
 * A region seeded once (20,000 shops, 5,000 associations with a driver each, 200,000 past
 * donations; BENCH_SCALE scales it, e.g. 0.1) on PostgreSQL (a database sl_h_bench_region_seed
 * beside BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, copied afresh
 * for each run). Each run starts the region (src/tools/region.ts: N instances behind HAProxy) and
 * replays an evening: shops posting at an open rate stepping up (BENCH_STEPS, default
 * 20,50,100,200 posts/s, each BENCH_STEP_SECONDS, default 30), as many feed reads per second by
 * drivers, the first 2 drivers each alert reaches reading their feed and claiming, the winner
 * getting the code from the shop and recording the pickup, BENCH_SSE pages held open (default
 * 1,000), alerts sent to a local push endpoint. Runs: BENCH_INSTANCES (default 3) behind HAProxy,
 * then 1 behind HAProxy (the baseline), then 1 without HAProxy (BENCH_DIRECT=0 leaves it out).
 * Figures only: nothing fails on speed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { anonRssMb, cpuSeconds, paced, rssMb } from './lib.js';
import {
  Evening,
  PushEndpoint,
  Recorder,
  SsePages,
  copyDatabase,
  regionSizes,
  seedPostgres,
  type Cast,
} from './evening.js';
import { startRegion } from '../../src/tools/region.js';
import { statsCommand } from '../../src/tools/haproxy.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const STEPS = (process.env.BENCH_STEPS ?? '20,50,100,200').split(',').map(Number);
const STEP_S = Number(process.env.BENCH_STEP_SECONDS ?? 30);
const SSE = Number(process.env.BENCH_SSE ?? 1000);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 3);
const DIRECT = process.env.BENCH_DIRECT !== '0';
// BENCH_RUNS: which runs, of "many" (BENCH_INSTANCES behind HAProxy), "haproxy" (1 behind
// HAProxy) and "direct" (1, no HAProxy); default all three (BENCH_DIRECT=0 leaves out "direct")
const RUNS = new Set((process.env.BENCH_RUNS ?? 'many,haproxy,direct').split(','));
// BENCH_MIX=posts: shops posting (with their alerts and the SSE pages) and nothing else, the load
// of the issue's targets ("steady 100 posts/s"); default "evening": drivers reading feeds at the
// same rate, the first 2 alerted claiming, the winner recording the pickup
const MIX = process.env.BENCH_MIX === 'posts' ? 'posts' : 'evening';
// BENCH_HEALTH_CHECKS=off: HAProxy's checks disabled once the region is up (stats socket,
// "disable health"), to tell the cost of the load balancer from instances taken out by checks
const CHECKS = process.env.BENCH_HEALTH_CHECKS !== 'off';
const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SEED_DB = 'sl_h_bench_region_seed';
const RUN_DB = 'sl_h_bench_region_run';

interface StepFigures {
  rate: number;
  rec: Recorder;
  posted: number;
  alertP95: number;
  alertText: string;
  sseText: string;
  instances: { cpu: number; rss: number }[];
  pg: { backends: number; cpu: number; anon: number; cluster: string };
  seconds: number;
}

function sseFigure(d: { count: number; p95: number }) {
  return d.count ? `${d.p95.toFixed(0)} ms (${d.count} page deliveries)` : '-';
}

async function pgBackends(admin: postgres.Sql) {
  return (
    await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${RUN_DB}`
  ).map((r) => r.pid);
}

async function run(
  label: string,
  instances: number,
  direct: boolean,
  cast: Cast,
  push: PushEndpoint,
) {
  const url = await copyDatabase(base, SEED_DB, RUN_DB);
  push.reset(); // the copy gives the same donation ids again
  const dataDir = mkdtempSync(join(tmpdir(), 'sl-region-data-'));
  let downs = 0;
  const region = await startRegion({
    instances,
    databaseUrl: url,
    port: 0,
    env: { DATA_DIR: dataDir },
    log: (line) => {
      if (/ is DOWN/.test(line)) downs++;
      else if (/error/i.test(line) && !/ is UP/.test(line)) console.error(line);
    },
  });
  if (!CHECKS)
    for (const i of region.instances)
      await statsCommand(region.statsSocket, `disable health instances/i${i.index}`);
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const port = direct ? region.instances[0].port : Number(new URL(region.url).port);
  const evening = new Evening(port, cast, push, MIX === 'posts' ? 0 : 2);
  console.log(
    `\n[${label}] ${instances} instance(s)${direct ? ', straight to the instance (no HAProxy)' : ' behind HAProxy'}; opening ${SSE} SSE pages...`,
  );
  const sse = await new SsePages(
    port,
    Array.from({ length: SSE }, (_, i) => cast.drivers[i % cast.drivers.length].cookie),
  ).start();
  console.log(`[${label}] ${sse.open} SSE pages open, ${sse.refused} refused`);
  await paced(4, 1000, 5, (i, due) => evening.post(i, due)); // warm-up
  await evening.settle(10_000);
  evening.window();
  push.forget();
  const steps: StepFigures[] = [];
  for (const rate of STEPS) {
    const pids = region.instances.map((i) => i.pid);
    const cpu0 = pids.map(cpuSeconds);
    const pg0 = new Map((await pgBackends(admin)).map((p) => [p, cpuSeconds(p)]));
    const t0 = performance.now();
    const self0 = process.cpuUsage();
    const clients = 16;
    await Promise.all([
      paced(clients, (clients * 1000) / rate, STEP_S, (i, due) => evening.post(i, due)),
      MIX === 'posts'
        ? null
        : paced(clients, (clients * 1000) / rate, STEP_S, (i, due) => evening.feed(i, due)),
    ]);
    const seconds = (performance.now() - t0) / 1000;
    const self = process.cpuUsage(self0);
    const benchCpu = (100 * (self.user + self.system)) / 1e6 / seconds;
    const cpu1 = pids.map(cpuSeconds);
    const pgNow = await pgBackends(admin);
    let pgCpu = 0;
    for (const p of pgNow) pgCpu += cpuSeconds(p) - (pg0.get(p) ?? 0);
    const pgAnon = pgNow.reduce((s, p) => s + (anonRssMb(p) || 0), 0);
    // the cluster is shared with other work on this machine: its connections, against its limit
    const [conns] = await admin<{ n: number; max: number }[]>`
      select count(*)::int as n, current_setting('max_connections')::int as max from pg_stat_activity`;
    await new Promise((r) => setTimeout(r, 1000)); // alerts still on their way
    const alerts = evening.alertDelays(push);
    const sseText = sseFigure(evening.sseDelays(sse));
    const posted = evening.posted;
    const unreached = evening.unreached;
    const rec = evening.window();
    push.forget();
    const f: StepFigures = {
      rate,
      rec,
      posted,
      alertP95: alerts.p95,
      alertText: alerts.text,
      sseText,
      instances: pids.map((p, i) => ({
        cpu: (100 * (cpu1[i] - cpu0[i])) / seconds,
        rss: rssMb(p),
      })),
      pg: {
        backends: pgNow.length,
        cpu: (100 * pgCpu) / seconds,
        anon: pgAnon,
        cluster: `${conns.n} of ${conns.max} connections in the cluster`,
      },
      seconds,
    };
    steps.push(f);
    console.log(
      `[${label}] ${rate} posts/s for ${seconds.toFixed(0)} s: ${posted} posted (${(posted / seconds).toFixed(0)}/s answered 201; ${unreached} that no association could take, no alert awaited)`,
    );
    console.log(`    posting p50/p95/p99 ${rec.line('post')}`);
    console.log(`    feed    p50/p95/p99 ${rec.line('feed')}`);
    console.log(
      `    claim   p50/p95/p99 ${rec.line('claim')}; statuses ${JSON.stringify(rec.statuses.claim ?? {})}`,
    );
    console.log(`    code read ${rec.line('code')}; pickup ${rec.line('pickup')}`);
    console.log(
      `    post answered -> first alert at the push endpoint, p95: ${f.alertText} (1 s after the step)`,
    );
    console.log(
      `    post answered -> each SSE page that heard it (all instances), p95: ${f.sseText}`,
    );
    const bad = Object.entries(rec.statuses)
      .map(
        ([k, st]) =>
          [
            k,
            Object.entries(st).filter(
              ([c]) => c !== '200' && c !== '201' && !(k === 'claim' && c === '409'),
            ),
          ] as const,
      )
      .filter(([, st]) => st.length)
      .map(
        ([k, st]) =>
          `${k} ${st.map(([c, n]) => `${n}x${c === '0' ? ' network error' : ` ${c}`}`).join(', ')}`,
      );
    console.log(
      `    errors ${rec.errors()} (5xx ${rec.count5xx()}) of ${rec.requests()} requests${bad.length ? `: ${bad.join('; ')}` : ''}`,
    );
    console.log(
      `    CPU / RSS per instance: ${f.instances.map((x, i) => `i${i + 1} ${x.cpu.toFixed(0)} % / ${x.rss.toFixed(0)} MB`).join(', ')}; PostgreSQL: ${f.pg.backends} backends, ${f.pg.cpu.toFixed(0)} % CPU, ${f.pg.anon.toFixed(0)} MB private memory (RssAnon); ${f.pg.cluster}; this load generator (with the push endpoint and the SSE pages) ${benchCpu.toFixed(0)} %`,
    );
  }
  console.log(
    `[${label}] SSE: ${sse.events} events heard, ${sse.dropped} dropped; pushes received ${push.count}; HAProxy took an instance out ${downs} time(s) (health checks ${CHECKS ? 'on' : 'off'}; while none is up it answers 503)`,
  );
  await evening.settle(10_000);
  sse.stop();
  await admin.end();
  await region.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return steps;
}

function held(steps: StepFigures[]) {
  const ok = steps.filter((s) => s.rec.pct('post', 95) < 50 && s.rec.errors() === 0);
  return ok.length ? `${ok[ok.length - 1].rate} posts/s` : 'none';
}

async function main() {
  const push = await new PushEndpoint().start();
  const sizes = regionSizes(SCALE, 500);
  const t0 = performance.now();
  console.log(`Seeding the region ${JSON.stringify(sizes)} and a driver per association...`);
  const seeded = await seedPostgres(base, SEED_DB, sizes, push, SCALE);
  console.log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const runs: { label: string; steps: StepFigures[] }[] = [];
  if (RUNS.has('many'))
    runs.push({
      label: `${INSTANCES} instances`,
      steps: await run(`${INSTANCES} instances`, INSTANCES, false, seeded.cast, push),
    });
  if (RUNS.has('haproxy'))
    runs.push({
      label: '1 instance, HAProxy',
      steps: await run('1 instance, HAProxy', 1, false, seeded.cast, push),
    });
  if (DIRECT && RUNS.has('direct'))
    runs.push({
      label: '1 instance, direct',
      steps: await run('1 instance, direct', 1, true, seeded.cast, push),
    });
  await push.stop();

  console.log(`\nSummary (scale ${SCALE}, ${STEP_S} s per step, ${SSE} SSE pages, mix: ${MIX})`);
  const head = ['posts/s', ...runs.map((r) => r.label)];
  console.log(`  posting p95 (ms), posts answered per second, errors:`);
  console.log(`  ${head.map((h) => h.padStart(22)).join('')}`);
  for (let i = 0; i < STEPS.length; i++)
    console.log(
      `  ${String(STEPS[i]).padStart(22)}${runs
        .map((r) => {
          const s = r.steps[i];
          return `${s.rec.pct('post', 95).toFixed(1)} / ${(s.posted / s.seconds).toFixed(0)} / ${s.rec.errors()}`.padStart(
            22,
          );
        })
        .join('')}`,
    );
  for (const r of runs)
    console.log(
      `  highest step held with posting p95 under 50 ms and no error, ${r.label}: ${held(r.steps)}`,
    );
  const multi = runs.find((r) => r.label === `${INSTANCES} instances`);
  const single = runs.find((r) => r.label === '1 instance, HAProxy');
  if (!multi || !single) return;
  console.log(
    `  ratio ${multi.label} / 1 instance behind HAProxy, per step (posting p95; posts answered per second):`,
  );
  for (let i = 0; i < STEPS.length; i++) {
    const a = multi.steps[i],
      b = single.steps[i];
    console.log(
      `    ${STEPS[i]} posts/s: p95 ${(a.rec.pct('post', 95) / b.rec.pct('post', 95)).toFixed(2)}; throughput ${(a.posted / a.seconds / (b.posted / b.seconds)).toFixed(2)}`,
    );
  }
  console.log(
    `  On this 2-core machine (shared with the load generator and PostgreSQL) the ratio shows the cost of the load balancer and of coordinating ${INSTANCES} instances (LISTEN/NOTIFY fan-out, ${INSTANCES} pools, ${INSTANCES} delivery loops and schedulers on the same cores), not scaling: more instances cannot add cores here.`,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
