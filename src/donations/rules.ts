import { addDays, parisDate, parisTime } from '../shared/time.js';

/** The rules of food donation checked at posting (DOMAIN.md); each broken rule names its field. */
export interface DonationRuleInput {
  category: string;
  storage: 'ambient' | 'chilled' | 'frozen';
  pickupFrom: Date;
  pickupUntil: Date;
  dateKind: 'use_by' | 'best_before' | null;
  date: string | null;
  packaged: boolean;
  sameDay: boolean;
}

export const MIN_WINDOW_MS = 15 * 60_000;
export const MAX_AHEAD_MS = 7 * 86_400_000;
/** A window that started a little before the post is fine ("from now"). */
export const START_GRACE_MS = 15 * 60_000;
/**
 * A claim given back with less than this left of the window: waves 10 minutes apart would reach
 * the later associations too late to drive there, so every association it fits is told at once,
 * as urgent (releaseClaim -> queueUrgentReoffer). An hour is about a city drive there and back with
 * a loading; below 15 minutes nothing can be posted (MIN_WINDOW_MS), but a release still re-alerts.
 */
export const URGENT_RELEASE_MINUTES = 60;
export const USE_BY_MARGIN_DAYS = 2; // 48 h after the end of the window, counted to the end of the use-by day

export function checkDonationRules(d: DonationRuleInput, now: Date): Record<string, string> {
  const f: Record<string, string> = {};
  const from = d.pickupFrom.getTime();
  const until = d.pickupUntil.getTime();
  if (until <= from) f.pickupUntil = 'don.err.window_reversed';
  else if (until - from < MIN_WINDOW_MS) f.pickupUntil = 'don.err.window_short';
  if (until <= now.getTime()) f.pickupUntil ??= 'don.err.window_past';
  if (from < now.getTime() - START_GRACE_MS) f.pickupFrom = 'don.err.window_past';
  if (until > now.getTime() + MAX_AHEAD_MS) f.pickupUntil ??= 'don.err.window_far';

  if (d.dateKind && !d.date) f.date = 'don.err.date_required';
  if (d.dateKind === 'use_by' && d.date) {
    const lastPickupDay = parisDate(d.pickupUntil);
    if (d.date < parisDate(now)) f.date = 'don.err.use_by_past';
    else if (!d.sameDay && d.date < addDays(lastPickupDay, USE_BY_MARGIN_DAYS))
      f.date = 'don.err.use_by_48h';
    else if (d.sameDay && d.date < lastPickupDay) f.date = 'don.err.use_by_past';
  }
  if (d.sameDay && d.dateKind !== 'use_by') f.sameDay = 'don.err.same_day_use_by';
  if (d.category === 'meat_fish' && !d.packaged) f.packaged = 'don.err.loose_animal';
  if (d.category === 'frozen' && d.storage !== 'frozen') f.storage = 'don.err.frozen_storage';
  return f;
}

/**
 * The pickup window the posting form offers: from the next quarter hour (or the shop's usual
 * start, if later) to the shop's usual end, else two hours later; late in the evening, tomorrow's
 * usual window. Times are Paris wall-clock 'HH:MM'.
 */
export function defaultPickupWindow(
  usual: { from: string | null; until: string | null },
  now: Date,
): { day: string; from: string; until: string } {
  const roundUp = new Date(Math.ceil(now.getTime() / (15 * 60_000)) * 15 * 60_000);
  const day = parisDate(roundUp);
  let from = parisTime(roundUp);
  if (from > '23:00' || day !== parisDate(now)) {
    from = usual.from ?? '08:00';
    const until = usual.until && usual.until > from ? usual.until : '23:00';
    return { day: parisDate(new Date(now.getTime() + 86_400_000)), from, until };
  }
  if (usual.from && usual.from > from) from = usual.from;
  const plus2h = parisTime(new Date(roundUp.getTime() + 2 * 3_600_000));
  const until = usual.until && usual.until > from ? usual.until : plus2h > from ? plus2h : '23:59';
  return { day, from, until };
}
