import type { Generated, Selectable } from 'kysely';
import type { GeneratedTimestamp, Numeric, Timestamp } from './columns.js';

export type WithdrawalStatus = 'pending_receipt' | 'received' | 'refused';

/** The rule a rate follows (see src/withdrawals/rules.ts). */
export type RateBasis =
  'history_2014_2018' | 'annex_iv_2017_891' | 'annex_v_2022_126' | 'member_state_2022_126';

export interface WithdrawalProductsTable {
  key: string;
  name_fr: string;
  name_en: string;
  cn_code: string;
}

export interface WithdrawalRatesTable {
  id: Generated<number>;
  product: string;
  eur_per_100kg: Numeric;
  valid_from: string;
  valid_to: string | null;
  source: string;
  basis: RateBasis;
  /** member state's maximum: the average price it is a share of, and that share (<= 40 %) */
  average_price_eur_per_100kg: Numeric | null;
  share_pct: Numeric | null;
  created_by: number | null;
  created_at: GeneratedTimestamp;
}

/** Transport unit costs by distance band (2022/126 art. 25), a scale per `valid_from`. */
export interface WithdrawalTransportCostsTable {
  id: Generated<number>;
  valid_from: string;
  up_to_km: number;
  eur_per_100kg: Numeric;
  source: string;
  created_by: number | null;
  created_at: GeneratedTimestamp;
}

export interface WithdrawalSettingsTable {
  id: number;
  transport_eur_per_100kg: Numeric | null;
  sorting_packing_eur_per_100kg: Numeric | null;
  updated_at: GeneratedTimestamp;
}

export interface WithdrawalCampaignsTable {
  producer_org_id: number;
  year: number;
  marketed_kg: Numeric;
  last_certificate_seq: Generated<number>;
  updated_at: GeneratedTimestamp;
}

export interface WithdrawalsTable {
  id: Generated<number>;
  producer_org_id: number;
  association_id: number;
  product: string;
  rate_id: number;
  eur_per_100kg: Numeric;
  flat_eur_per_100kg: Numeric;
  quantity_kg: Numeric;
  withdrawn_on: string;
  campaign: number;
  certificate_number: string;
  certificate_seq: number;
  distance_km: number | null;
  transport_eur_per_100kg: Numeric | null;
  /** when FranceAgriMer was told (at least 24 h before) */
  notified_at: Timestamp | null;
  over_ceiling: Generated<boolean>;
  status: Generated<WithdrawalStatus>;
  received_kg: Numeric | null;
  amount_eur: Numeric | null;
  flat_eur: Numeric | null;
  refusal_reason: string | null;
  answered_at: Timestamp | null;
  answered_by: number | null;
  created_by: number | null;
  created_at: GeneratedTimestamp;
}

/** Read-only view for statistics: one row per confirmed receipt. */
export interface WithdrawalReceiptsView {
  withdrawal_id: number;
  organisation_id: number;
  producer_org_id: number;
  category: 'fruit_vegetables';
  kg: number;
  delivered_on: string;
  received_at: Date;
}

export type WithdrawalProduct = Selectable<WithdrawalProductsTable>;
export type WithdrawalRate = Selectable<WithdrawalRatesTable>;
export type WithdrawalTransportCost = Selectable<WithdrawalTransportCostsTable>;
export type Withdrawal = Selectable<WithdrawalsTable>;
