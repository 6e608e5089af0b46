import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import { TIME_ZONE } from '../shared/time.js';
import { rowClaimCoordinator } from './coordinator.js';
import { JOBS, type JobDeps, type JobSpec } from './jobs.js';

/**
 * node-cron on each Node instance; every slot of every job runs on exactly one of them (row
 * claims in job_runs), with times in Europe/Paris.
 */
export function startScheduler(deps: JobDeps, opts: { instance?: string; jobs?: JobSpec[] } = {}) {
  const instance = opts.instance ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const claims = rowClaimCoordinator(deps.db, instance);
  // every database call of a run (claiming its slot, the job, recording it done) is tracked, so
  // that stopping can wait for them; once stopping, no slot is claimed and no job starts
  let stopping = false;
  const running = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    running.add(p);
    const forget = () => void running.delete(p);
    p.then(forget, forget);
    return p;
  };
  const runCoordinator: RunCoordinator = {
    shouldRun: (key, ttlMs) =>
      stopping ? false : track(Promise.resolve(claims.shouldRun(key, ttlMs))),
    onComplete: (key) => track(Promise.resolve(claims.onComplete?.(key))),
  };
  const tasks: ScheduledTask[] = (opts.jobs ?? JOBS).map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        if (stopping) return;
        await track(job.run(deps)).catch((e) => deps.log?.(`job ${job.name} failed`, e));
      },
      { name: job.name, timezone: TIME_ZONE, noOverlap: true, distributed: true, runCoordinator },
    ),
  );
  return {
    instance,
    /** No new runs; the running ones finish (and are recorded) before the database may close. */
    async stop() {
      stopping = true;
      for (const t of tasks) await t.destroy();
      // a job ends, then node-cron records its slot: wait until nothing is left in flight
      while (running.size) {
        await Promise.allSettled([...running]);
        await new Promise((r) => setTimeout(r, 0));
      }
    },
  };
}
