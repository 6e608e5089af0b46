import type { Generated } from 'kysely';
import type { GeneratedTimestamp, Numeric, Timestamp } from './columns.js';
import type { ColdChainReason, PickupReason } from './donations.js';

/** An association's cold room or freezer, offered to its partners (migration 0035). */
export interface HubsTable {
  organisation_id: number;
  capacity_chilled_kg: Numeric;
  capacity_frozen_kg: Numeric;
  opening_hours: string;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type HubPartnerStatus = 'invited' | 'accepted' | 'ended';

/** A partner the hub named; it claims through the hub once a manager of it accepted. */
export interface HubPartnersTable {
  hub_id: number;
  partner_id: number;
  status: Generated<HubPartnerStatus>;
  invited_by: number | null;
  invited_at: Timestamp;
  answered_by: number | null;
  answered_at: Timestamp | null;
}

/** The second handover, at the hub, then the partner's collection from it. */
export interface HubDepositsTable {
  donation_id: number;
  hub_id: number;
  partner_id: number;
  received_kg: Numeric;
  /** the hub refused the food on arrival (PICKUP_REASONS), keeping 0 kg; null when it took it */
  refusal_reason: Generated<PickupReason | null>;
  temperature_c: Numeric | null;
  cold_chain_reason: ColdChainReason | null;
  received_at: Timestamp;
  received_by: number | null;
  collected_at: Timestamp | null;
  collected_by: number | null;
}
