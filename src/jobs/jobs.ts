import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EventBus } from '../realtime/bus.js';
import type { PushSender } from '../notifications/sender.js';
import { escalateWaves } from '../notifications/outbox.js';
import { drainOutbox, expireLeases } from '../notifications/sender.js';
import type { VapidKeys } from '../notifications/vapid.js';
import { forgetSignInAttempts } from '../accounts/sign-in-throttle.js';
import { expireDonations } from '../donations/expiry.js';
import { closeUnrecordedHubSteps } from '../hubs/unrecorded.js';
import { donationEventData } from '../realtime/audience.js';
import { rowClaimCoordinator } from './coordinator.js';
import { drainMessages, type MessageTransports } from '../mail/sender.js';
import { remindEndingApprovals } from '../organisations/approval-reminder.js';
import {
  pickupReminderJob,
  pickupsTomorrowJob,
  receiptReadyJob,
  weeklySummaryJob,
} from '../notifications/scheduled/jobs.js';
import { makeDueOccurrences } from '../series/occurrences.js';
import { offerDueDates, releaseExpiredOffers } from '../series/offers.js';
import type { WaveSettings } from '../notifications/planning.js';

/** What the jobs need; Node's scheduler and the Workers `scheduled` handler both build it. */
export interface JobDeps {
  db: Kysely<Database>;
  now: () => Date;
  events?: EventBus;
  push?: { sender: PushSender; keys: () => Promise<VapidKeys> };
  /** e-mail and SMS: drained by the minute job where no loop of its own does it (Workers) */
  messages?: MessageTransports;
  log?: (msg: string, err?: unknown) => void;
  /** who is told in which wave (config.waves); absent = the defaults */
  waves?: WaveSettings;
}

/** The next wave for open donations nobody has claimed yet. */
export async function escalationJob(deps: JobDeps) {
  const result = await escalateWaves(deps.db, deps.now());
  if (result.queued) await deps.events?.publish({ type: 'push.queued', data: {} });
  return result;
}

/** Windows that ended: open -> expired, claimed -> missed (the donations domain decides). */
export async function expiryJob(deps: JobDeps) {
  const expired = await expireDonations(deps.db, deps.now());
  // with its place, so that feed caches forget only the boards of that area, and who may hear
  if (deps.events && expired.length) {
    for (const data of await donationEventData(deps.db, expired, { withStatus: true }))
      await deps.events.publish({ type: 'donation.expired', data });
  }
  return expired.length;
}

/** Food collected for a hub and never recorded there: its step closed, its room freed (once each). */
export async function hubStepsJob(deps: JobDeps) {
  return (await closeUnrecordedHubSteps(deps.db, deps.now())).length;
}

/** Regular donations: the occurrences whose lead time has come become donations (once each). */
export async function occurrenceJob(deps: JobDeps) {
  // standing arrangements first: unanswered dates past their deadline go to the waves, new
  // dates are offered to the association (and so left alone by the plain occurrences)
  const released = await releaseExpiredOffers(deps.db, deps.now(), deps.waves);
  await offerDueDates(deps.db, deps.now());
  const run = await makeDueOccurrences(deps.db, deps.now(), deps.waves);
  run.made.unshift(...released);
  for (const r of run.refused)
    deps.log?.(`series ${r.seriesId}: ${r.day} not posted (${Object.values(r.fields).join(', ')})`);
  if (deps.events && run.made.length) {
    for (const data of await donationEventData(deps.db, run.made))
      await deps.events.publish({ type: 'donation.posted', data });
    await deps.events.publish({ type: 'push.queued', data: {} });
  }
  return run.made.length;
}

/** Retries that are due, and claims of processes that died mid-send. */
export async function pushRetryJob(deps: JobDeps) {
  const unknown = await expireLeases(deps.db, deps.now());
  if (unknown)
    deps.log?.(`push: ${unknown} message(s) left unknown by a stopped process, not resent`);
  const messages = deps.messages
    ? await drainMessages(deps.db, deps.messages, deps.now, { log: deps.log })
    : 0;
  if (!deps.push) return messages;
  return (
    messages +
    (await drainOutbox(deps.db, deps.push.sender, await deps.push.keys(), deps.now, {
      log: deps.log,
    }))
  );
}

/** Old events and job slots: nobody replays an event a day later. */
export async function cleanupJob(deps: JobDeps) {
  const now = deps.now();
  await sql`delete from app_events where created_at < ${new Date(now.getTime() - 86_400_000)}`.execute(
    deps.db,
  );
  await sql`delete from job_runs where started_at < ${new Date(now.getTime() - 7 * 86_400_000)}`.execute(
    deps.db,
  );
  await sql`delete from push_deliveries where status <> 'pending' and created_at < ${new Date(now.getTime() - 30 * 86_400_000)}`.execute(
    deps.db,
  );
  await sql`delete from scheduled_sends where created_at < ${new Date(now.getTime() - 90 * 86_400_000)}`.execute(
    deps.db,
  );
  // the stored unsubscribe tokens of mails sent before links were signed (unsubscribe-links.ts):
  // an old mail's link stops after 180 days; e-mail links a week after they expired
  await sql`delete from unsubscribe_tokens where created_at < ${new Date(now.getTime() - 180 * 86_400_000)}`.execute(
    deps.db,
  );
  await sql`delete from email_confirmations where expires_at < ${new Date(now.getTime() - 7 * 86_400_000)}`.execute(
    deps.db,
  );
  await forgetSignInAttempts(deps.db, now);
  // nightly too: associations whose approval ends in 60 days are mailed once
  await remindEndingApprovals(deps.db, now);
  // handover counts whose windows (at most a day) ended a day ago hold nothing any lock reads
  await sql`delete from handover_code_failures where window_start < ${new Date(now.getTime() - 2 * 86_400_000)}`.execute(
    deps.db,
  );
}

export interface JobSpec {
  name: string;
  /** node-cron expression, in Europe/Paris. */
  cron: string;
  run: (deps: JobDeps) => Promise<unknown>;
}

export const JOBS: JobSpec[] = [
  { name: 'escalate-waves', cron: '* * * * *', run: escalationJob },
  { name: 'expire-donations', cron: '* * * * *', run: expiryJob },
  { name: 'series-occurrences', cron: '* * * * *', run: occurrenceJob },
  { name: 'push-retries', cron: '* * * * *', run: pushRetryJob },
  { name: 'pickup-reminders', cron: '* * * * *', run: pickupReminderJob },
  // hourly: a step is closed a day after its window, an hour more or less changes nothing
  { name: 'hub-unrecorded', cron: '0 * * * *', run: hubStepsJob },
  // from their hour to midnight: a run missed while the process was down is caught up that day
  { name: 'pickups-tomorrow', cron: '0 19-23 * * *', run: pickupsTomorrowJob },
  { name: 'weekly-summary', cron: '0 8-23 * * 1', run: weeklySummaryJob },
  { name: 'receipt-ready', cron: '0 9-23 1 * *', run: receiptReadyJob },
  { name: 'cleanup', cron: '30 3 * * *', run: cleanupJob },
];

/**
 * For runtimes without node-cron (Workers' `scheduled`): run each job given for this slot once
 * across instances, with the same row claims as the scheduler.
 */
export async function runJobsForSlot(
  deps: JobDeps,
  slot: Date,
  jobs: JobSpec[] = JOBS.filter((j) => j.cron === '* * * * *'),
  instance = 'worker',
) {
  const coordinator = rowClaimCoordinator(deps.db, instance);
  for (const job of jobs) {
    const key = `${job.name}:${new Date(Math.floor(slot.getTime() / 60_000) * 60_000).toISOString()}`;
    if (!(await coordinator.shouldRun(key, 60_000))) continue;
    try {
      await job.run(deps);
    } catch (e) {
      deps.log?.(`job ${job.name} failed`, e);
    } finally {
      await coordinator.onComplete?.(key);
    }
  }
}
