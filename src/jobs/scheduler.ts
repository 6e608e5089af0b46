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
  const tasks: ScheduledTask[] = (opts.jobs ?? JOBS).map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        try {
          await job.run(deps);
        } catch (e) {
          deps.log?.(`job ${job.name} failed`, e);
        }
      },
      { name: job.name, timezone: TIME_ZONE, noOverlap: true, distributed: true, runCoordinator },
    ),
  );
  return {
    instance,
    async stop() {
      for (const t of tasks) await t.destroy();
    },
  };
}
