import type { Timestamp } from './columns.js';

/** A user's private calendar URL (one at a time), stored as the SHA-256 of its secret. */
export interface CalendarFeedsTable {
  user_id: number;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  /** the start of the hour whose fetches `window_hits` counts */
  window_start: Timestamp | null;
  window_hits: number;
}
