import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EventBus } from '../../realtime/bus.js';
import { parisDate, parisTime, parisWeekday } from '../../shared/time.js';
import { queuePickupReminders, queuePickupsTomorrow } from './reminders.js';
import type { Queued } from './send.js';
import { queueReceiptsReady } from './receipts.js';
import { queueWeeklySummaries } from './summaries.js';

/**
 * Whether `now` is at the given Paris hour or later that Paris day (on that weekday, day of the
 * month). Node's cron runs these jobs every hour from that Paris hour to midnight; Workers' crons
 * are UTC only, so an hourly trigger runs them every hour and this is what makes them act from
 * the Paris hour on, summer or winter. A run missed at the hour (the process was down) is caught
 * up by the next one that day; each message still goes once (scheduled_sends, send.ts), so the
 * runs after the first tell only those not told yet.
 */
export function fromParisHour(
  now: Date,
  hour: number,
  on: { weekday?: number; monthDay?: number } = {},
) {
  if (Number(parisTime(now).slice(0, 2)) < hour) return false;
  if (on.weekday && parisWeekday(now) !== on.weekday) return false;
  if (on.monthDay && Number(parisDate(now).slice(8, 10)) !== on.monthDay) return false;
  return true;
}

/** What these jobs use of src/jobs/jobs.ts's JobDeps. */
export interface JobDeps {
  db: Kysely<Database>;
  now: () => Date;
  events?: EventBus;
}

/** The evening list's hour, in Paris. */
export const EVENING_HOUR = 19;

async function wake(deps: JobDeps, q: Queued) {
  if (q.push) await deps.events?.publish({ type: 'push.queued', data: {} });
  if (q.email || q.sms) await deps.events?.publish({ type: 'mail.queued', data: {} });
  return q;
}

/** Every minute: reminders for windows ending within 30 minutes. */
export async function pickupReminderJob(deps: JobDeps) {
  return wake(deps, await queuePickupReminders(deps.db, deps.now()));
}

/** 19:00 Paris (or the first run after it that evening): each driver's pickups of the next morning. */
export async function pickupsTomorrowJob(deps: JobDeps) {
  const now = deps.now();
  if (!fromParisHour(now, EVENING_HOUR)) return null;
  return wake(deps, await queuePickupsTomorrow(deps.db, now));
}

/** Monday 08:00 Paris (or the first run after it that Monday): the summary of the week before. */
export async function weeklySummaryJob(deps: JobDeps) {
  const now = deps.now();
  if (!fromParisHour(now, 8, { weekday: 1 })) return null;
  return wake(deps, await queueWeeklySummaries(deps.db, now));
}

/** The 1st of the month, 09:00 Paris (or the first run after it that day): the receipt of the month before. */
export async function receiptReadyJob(deps: JobDeps) {
  const now = deps.now();
  if (!fromParisHour(now, 9, { monthDay: 1 })) return null;
  return wake(deps, await queueReceiptsReady(deps.db, now));
}
