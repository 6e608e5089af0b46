import type { Generated, Selectable } from 'kysely';
import type { GeneratedTimestamp, Json, Numeric, Timestamp } from './columns.js';

export interface ReceiptCountersTable {
  association_id: number;
  year: number;
  last_seq: Generated<number>;
}

/** A Cerfa 16216 receipt as issued: what it says is frozen (amount, lines, both identities). */
export interface ReceiptsTable {
  id: Generated<number>;
  association_id: number;
  shop_id: number;
  year: number;
  seq: number;
  number: string;
  period_from: string;
  period_to: string;
  amount_eur: Numeric;
  amount_words: string;
  kg: Numeric;
  lines: Json<unknown[]>;
  donor: Json<Record<string, unknown>>;
  donee: Json<Record<string, unknown>>;
  status: Generated<'issued' | 'cancelled'>;
  issued_at: GeneratedTimestamp;
  issued_by: number | null;
  cancelled_at: Timestamp | null;
  cancelled_by: number | null;
  cancel_reason: string | null;
  replaces_id: number | null;
}

export type Receipt = Selectable<ReceiptsTable>;
