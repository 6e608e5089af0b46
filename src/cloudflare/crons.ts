import { JOBS, type JobSpec } from '../jobs/jobs.js';

/**
 * Cron Triggers are UTC only: the node-cron table (src/jobs/jobs.ts, Europe/Paris) as UTC
 * expressions. Every-minute jobs are the same in any zone; the nightly cleanup runs at 03:30 in
 * Paris on Node and at 02:30 UTC here (03:30 in winter, 04:30 in summer: nobody waits for it).
 * `wrangler.toml` [triggers] crons must list exactly these keys (a test checks it).
 */
export const WORKER_CRONS: Record<string, string[]> = {
  '* * * * *': JOBS.filter((j) => j.cron === '* * * * *').map((j) => j.name),
  '30 2 * * *': ['cleanup'],
  // the messages due at a Paris hour: each job acts from its hour to midnight (fromParisHour), so
  // one hourly trigger serves summer and winter time, and catches up a missed hour
  '0 * * * *': ['pickups-tomorrow', 'weekly-summary', 'receipt-ready', 'hub-unrecorded'],
};

/** The jobs a Cron Trigger runs: the same functions node-cron calls. */
export function jobsForCron(cron: string): JobSpec[] {
  const names = WORKER_CRONS[cron] ?? [];
  return JOBS.filter((j) => names.includes(j.name));
}
