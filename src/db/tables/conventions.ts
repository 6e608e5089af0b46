import type { Generated, Selectable } from 'kysely';
import type { Json, Timestamp } from './columns.js';

export type ConventionStatus = 'pending' | 'active' | 'declined' | 'withdrawn' | 'ended';
export type ConventionSide = 'shop' | 'association';

/** A donation agreement between a shop and an association (migrations/0024). */
export interface ConventionsTable {
  id: Generated<number>;
  shop_id: number;
  association_id: number;
  status: Generated<ConventionStatus>;
  proposed_by_side: ConventionSide;
  proposed_by: number | null;
  proposed_at: Timestamp;
  categories: Json<string[]>;
  pickup_arrangements: string;
  quality_contact: string | null;
  starts_on: string;
  ends_on: string | null;
  /** both identities and the regular donations, as proposed, then as accepted */
  terms: Json<Record<string, unknown>>;
  answered_by: number | null;
  answered_at: Timestamp | null;
  decline_reason: string | null;
  ended_by: number | null;
  ended_at: Timestamp | null;
  end_reason: string | null;
}

export type Convention = Selectable<ConventionsTable>;
