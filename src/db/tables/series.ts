import type { Generated, Selectable } from 'kysely';
import type { GeneratedTimestamp, Numeric, Timestamp } from './columns.js';
import type { LocalOrigin, QualityLabel, Storage } from './donations.js';

/** A shop's regular donation: each matching date becomes an ordinary donation ahead of time. */
export interface DonationSeriesTable {
  id: Generated<number>;
  shop_id: number;
  created_by: number | null;
  category: string;
  description: string;
  quantity_kg: Numeric;
  units: number | null;
  storage: Storage;
  /** bit n set for ISO weekday n (1 = Monday ... 7 = Sunday) */
  weekdays: number;
  /** Paris wall-clock 'HH:MM' */
  pickup_from_time: string;
  pickup_until_time: string;
  starts_on: string;
  ends_on: string | null;
  date_kind: 'use_by' | 'best_before' | null;
  /** the product's date, as days after the pickup day */
  date_offset_days: number | null;
  packaged: Generated<boolean>;
  value_eur: Numeric | null;
  /** how long before the window opens the occurrence is posted */
  lead_minutes: Generated<number>;
  association_id: number | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  ended_at: Timestamp | null;
  /** the quality marks (migration 0039) every occurrence is posted with, as a donation's */
  fresh_produce: Generated<boolean>;
  quality_label: QualityLabel | null;
  local_origin: LocalOrigin | null;
}

/** A date of a series that was made (donation_id) or skipped: each at most once. */
export interface DonationSeriesDatesTable {
  series_id: number;
  day: string;
  donation_id: number | null;
  skipped: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

/** A shop's holidays: every series of the shop skips these dates. */
export interface ShopClosuresTable {
  id: Generated<number>;
  shop_id: number;
  starts_on: string;
  ends_on: string;
  created_at: GeneratedTimestamp;
}

export type DonationSeries = Selectable<DonationSeriesTable>;
export type ShopClosure = Selectable<ShopClosuresTable>;

/** A shop and an association agree: the series' dates are offered to it first. */
export interface SeriesArrangementsTable {
  id: Generated<number>;
  series_id: number;
  shop_id: number;
  association_id: number;
  /** the deadline: how long before the window opens the association must have decided */
  confirm_minutes: Generated<number>;
  status: Generated<'proposed' | 'active' | 'ended'>;
  proposed_by: number | null;
  proposed_at: GeneratedTimestamp;
  accepted_by: number | null;
  accepted_at: Timestamp | null;
  ended_by: number | null;
  ended_by_org: number | null;
  ended_at: Timestamp | null;
  end_reason: string | null;
}

export type OfferStatus = 'pending' | 'confirmed' | 'declined' | 'expired' | 'withdrawn';

/** One date offered to the arrangement's association. */
export interface ArrangementOffersTable {
  arrangement_id: number;
  series_id: number;
  day: string;
  status: Generated<OfferStatus>;
  deadline: Timestamp;
  decided_at: Timestamp | null;
  decided_by: number | null;
  donation_id: number | null;
  created_at: GeneratedTimestamp;
}

export type SeriesArrangement = Selectable<SeriesArrangementsTable>;
export type ArrangementOffer = Selectable<ArrangementOffersTable>;
