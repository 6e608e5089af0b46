import { addDays, parisDate, parisLocalToDate, parisWeekday } from '../shared/time.js';

/** Tunable by the operator (Config.waves, from the environment); the defaults are the issue's. */
export interface WaveSettings {
  /** Associations told at once in each wave. */
  waveSize: number;
  /** Delay between waves while nobody has claimed. */
  waveDelayMs: number;
  /** Associations closer than this to each other count as "about the same distance". */
  sameDistanceKm: number;
  /** How far back "received lately" looks. */
  fairnessWindowDays: number;
}

export const DEFAULT_WAVES: Readonly<WaveSettings> = Object.freeze({
  waveSize: 5,
  waveDelayMs: 10 * 60_000,
  sameDistanceKm: 0.5,
  fairnessWindowDays: 30,
});

export interface PickupSlots {
  pickup_days: number[] | null;
  pickup_from: string | null;
  pickup_until: string | null;
}

/**
 * Whether an association's pickup days and slot (Paris time) meet the window [from, until).
 * No slot times means any time of those days; a slot that ends before it starts runs past midnight.
 */
export function slotMeetsWindow(slots: PickupSlots, from: Date, until: Date): boolean {
  const days = slots.pickup_days ?? [1, 2, 3, 4, 5, 6, 7];
  if (until <= from || days.length === 0) return false;
  // start the day before: a slot past midnight may begin the evening before the window
  let date = addDays(parisDate(from), -1);
  const last = parisDate(until);
  for (let i = 0; i < 10 && date <= last; i++, date = addDays(date, 1)) {
    const weekday = parisWeekday(parisLocalToDate(date, '12:00')!);
    if (!days.includes(weekday)) continue;
    const start = parisLocalToDate(date, slots.pickup_from ?? '00:00')!;
    let end: Date;
    if (slots.pickup_until == null) end = parisLocalToDate(addDays(date, 1), '00:00')!;
    else if (slots.pickup_from != null && slots.pickup_until <= slots.pickup_from)
      end = parisLocalToDate(addDays(date, 1), slots.pickup_until)!;
    else end = parisLocalToDate(date, slots.pickup_until)!;
    if (start < until && end > from) return true;
  }
  return false;
}

export interface Candidate {
  association_id: number;
  distance_km: number;
  /** Donations this association claimed lately: fewer goes first among equals. */
  recent: number;
}

/**
 * Nearest first; among associations at about the same distance from the first of their group,
 * the one that received least lately goes first, then the nearer, then the older id.
 */
export function orderCandidates(
  candidates: Candidate[],
  sameDistanceKm = DEFAULT_WAVES.sameDistanceKm,
): Candidate[] {
  const sorted = [...candidates].sort(
    (a, b) => a.distance_km - b.distance_km || a.association_id - b.association_id,
  );
  const out: Candidate[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j].distance_km - sorted[i].distance_km <= sameDistanceKm)
      j++;
    const group = sorted
      .slice(i, j)
      .sort(
        (a, b) =>
          a.recent - b.recent ||
          a.distance_km - b.distance_km ||
          a.association_id - b.association_id,
      );
    out.push(...group);
    i = j;
  }
  return out;
}

/**
 * Waves: the first at once, each next one a delay later. A wave due at or after the end of the
 * window is never sent (`null`).
 */
export function waveDueAt(
  wave: number,
  postedAt: Date,
  pickupUntil: Date,
  settings: WaveSettings = DEFAULT_WAVES,
): Date | null {
  const due = new Date(postedAt.getTime() + (wave - 1) * settings.waveDelayMs);
  return due < pickupUntil ? due : null;
}
