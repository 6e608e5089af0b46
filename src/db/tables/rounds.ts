import type { Generated, Selectable } from 'kysely';
import type { GeneratedTimestamp, Numeric, Timestamp } from './columns.js';

/** A driver's trip to several donations (migration 0034). */
export interface RoundsTable {
  id: Generated<number>;
  association_id: number;
  /** a second association sharing the car, named by the owner */
  partner_id: number | null;
  /** when a member of the partner accepted (null: not yet; the split waits for it) */
  partner_accepted_at: Timestamp | null;
  created_by: number;
  start_lat: number;
  start_lng: number;
  created_at: GeneratedTimestamp;
}

/** A donation the round won, in the order driven. */
export interface RoundStopsTable {
  round_id: number;
  donation_id: number;
  position: number;
  planned_at: Timestamp;
  /** its window is missed by the order planned */
  late: Generated<boolean>;
  /** taken before a nearer stop, so that its window is kept */
  moved: Generated<boolean>;
}

/** The kg of a shared round each association took home. */
export interface RoundSharesTable {
  round_id: number;
  association_id: number;
  kg: Numeric;
  recorded_by: number;
  recorded_at: Timestamp;
}

export type Round = Selectable<RoundsTable>;
export type RoundStop = Selectable<RoundStopsTable>;
