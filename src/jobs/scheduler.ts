import cron, { type ScheduledTask } from 'node-cron';
import { TIME_ZONE } from '../shared/time.js';
import { rowClaimCoordinator } from './coordinator.js';
import { JOBS, type JobDeps, type JobSpec } from './jobs.js';

/**
 * node-cron on each Node instance; every slot of every job runs on exactly one of them (row
 * claims in job_runs), with times in Europe/Paris.
 */
export function startScheduler(deps: JobDeps, opts: { instance?: string; jobs?: JobSpec[] } = {}) {
  const instance = opts.instance ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const runCoordinator = rowClaimCoordinator(deps.db, instance);
  const running = new Set<Promise<void>>();
  const tasks: ScheduledTask[] = (opts.jobs ?? JOBS).map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        const run = job.run(deps).then(
          () => {},
          (e) => deps.log?.(`job ${job.name} failed`, e),
        );
        running.add(run);
        await run;
        running.delete(run);
      },
      { name: job.name, timezone: TIME_ZONE, noOverlap: true, distributed: true, runCoordinator },
    ),
  );
  return {
    instance,
    /** No new runs; the running ones finish (and are recorded) before the database may close. */
    async stop() {
      for (const t of tasks) await t.destroy();
      await Promise.all(running);
      await new Promise((r) => setTimeout(r, 0)); // node-cron records the slot as finished
    },
  };
}
