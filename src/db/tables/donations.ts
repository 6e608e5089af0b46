import type { Generated, Selectable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './columns.js';

export type DonationStatus =
  'open' | 'claimed' | 'picked_up' | 'refused' | 'cancelled' | 'expired' | 'missed';
export type Storage = 'ambient' | 'chilled' | 'frozen';
export type Quality = 'good' | 'acceptable' | 'poor' | 'refused';

export interface DonationsTable {
  id: Generated<number>;
  shop_id: number;
  created_by: number | null;
  category: string;
  description: string;
  quantity_kg: number;
  units: number | null;
  storage: Storage;
  date_kind: 'use_by' | 'best_before' | null;
  product_date: string | null;
  packaged: Generated<boolean>;
  same_day: Generated<boolean>;
  value_eur: number | null;
  pickup_from: Timestamp;
  pickup_until: Timestamp;
  lat: number;
  lng: number;
  status: Generated<DonationStatus>;
  claimed_by: number | null;
  claimed_by_user: number | null;
  claimed_at: Timestamp | null;
  handover_code: string | null;
  received_kg: number | null;
  quality: Quality | null;
  temperature_c: number | null;
  issues: string | null;
  picked_up_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface DonationEventsTable {
  id: Generated<number>;
  donation_id: number;
  from_status: DonationStatus | null;
  to_status: DonationStatus;
  actor_user_id: number | null;
  actor_org_id: number | null;
  note: string | null;
  at: Timestamp;
}

/** Wrong handover codes counted per donation, per association and per user (src/donations/handover.ts). */
export interface HandoverCodeFailuresTable {
  scope: 'donation' | 'association' | 'user';
  key: number;
  window_start: Timestamp;
  failures: Generated<number>;
}

export type Donation = Selectable<DonationsTable>;
