import type { ColumnType, Generated, Selectable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './columns.js';

export type DonationStatus =
  'open' | 'claimed' | 'picked_up' | 'refused' | 'cancelled' | 'expired' | 'missed';
export type Storage = 'ambient' | 'chilled' | 'frozen';
export type Quality = 'good' | 'acceptable' | 'poor' | 'refused';

/** One party of a donation as the traceability record names it. */
export interface TraceParty {
  name: string;
  address: string | null;
  siret: string | null;
  siren: string | null;
  rna: string | null;
}

export interface TraceIdentities {
  shop: TraceParty;
  association: TraceParty;
  /** who took it for the association */
  driver: string | null;
}

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
  /** no longer sellable in normal trade: 50 % of its cost value on the receipt */
  not_sellable: Generated<boolean>;
  /** the producer's lot, for the traceability record */
  lot_number: string | null;
  /** both parties' identities as they were at pickup (src/donations/traceability.ts) */
  trace_identities: ColumnType<TraceIdentities | null, string | null, string | null>;
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
  /** codes (PICKUP_REASONS) for zero kg, a refusal or food left at the shop */
  reasons: ColumnType<PickupReason[], string | undefined, string>;
  cold_chain_reason: ColdChainReason | null;
  /** the donation this one is the remainder of, after a partial pickup */
  parent_id: number | null;
  left_kg: number | null;
  /** when those already told were told of a material change (once) */
  change_alert_at: Timestamp | null;
  on_the_way_at: Timestamp | null;
  arrival_at: Timestamp | null;
  /** the regular donation this one is an occurrence of */
  series_id: Generated<number | null>;
  /** the address of its photo (`/photos/<token>`), or null without one */
  photo_token: Generated<string | null>;
  /** claimed through this relay hub (src/hubs): the claim stays the association's */
  hub_id: Generated<number | null>;
  /** who collects at the shop for a claim through a hub */
  hub_collector: Generated<'hub' | 'partner' | null>;
  /** collected at the shop for the hub, its arrival never recorded: closed then (migration 0040) */
  hub_unrecorded_at: Timestamp | null;
  /** marked at posting (issue #19): fresh produce */
  fresh_produce: Generated<boolean>;
  /** a quality or origin label (QUALITY_LABELS), or null */
  quality_label: QualityLabel | null;
  /** local food: the shop's own production or from within 100 km (LOCAL_ORIGINS), or null */
  local_origin: LocalOrigin | null;
}

/** The labels a shop may mark at posting (migration 0033). */
export const QUALITY_LABELS = ['organic', 'label_rouge', 'aop_igp'] as const;
export type QualityLabel = (typeof QUALITY_LABELS)[number];
export const LOCAL_ORIGINS = ['own_production', 'within_100km'] as const;
export type LocalOrigin = (typeof LOCAL_ORIGINS)[number];

/** The photo of a donation: checked, stripped of its metadata (src/donations/photos.ts). */
export interface DonationPhotosTable {
  donation_id: number;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  bytes: Uint8Array;
  created_at: Generated<Date>;
}

export const PICKUP_REASONS = [
  'packaging',
  'temperature',
  'date',
  'appearance',
  'quantity',
  'other',
] as const;
export type PickupReason = (typeof PICKUP_REASONS)[number];
export const COLD_CHAIN_REASONS = [
  'brief_exposure',
  'surface_reading',
  'core_checked',
  'other',
] as const;
export type ColdChainReason = (typeof COLD_CHAIN_REASONS)[number];
export const RELEASE_REASONS = ['no_driver', 'no_vehicle', 'no_room', 'schedule', 'other'] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

export interface DonationEventsTable {
  id: Generated<number>;
  donation_id: number;
  from_status: DonationStatus | null;
  to_status: DonationStatus;
  actor_user_id: number | null;
  actor_org_id: number | null;
  note: string | null;
  /** why a claim was given back (RELEASE_REASONS) */
  reason: string | null;
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
