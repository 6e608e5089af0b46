import type { ColumnType, Generated } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './columns.js';

export type FactorName = 'meal_kg' | 'co2e_per_kg' | 'value_eur_per_kg';

/** Impact factors; category '' is the default, a category row overrides it. */
export interface ImpactFactorsTable {
  name: FactorName;
  category: Generated<string>;
  value: number;
  source: string | null;
  updated_at: GeneratedTimestamp;
}

export interface QualityActionsTable {
  id: Generated<number>;
  donation_id: number;
  shop_id: number;
  action: string;
  created_by: number | null;
  created_at: Timestamp;
}

/** Summary sums kept by a trigger on donations (migration 0004). Read-only for the app. */
export interface RollupSums {
  shop_id: number;
  association_id: number;
  category: string;
  posted_n: number;
  claimed_n: number;
  picked_n: number;
  q_good: number;
  q_acceptable: number;
  q_poor: number;
  q_refused: number;
  expired_n: number;
  refused_n: number;
  defects_n: number;
  posted_kg: number;
  picked_kg: number;
  picked_value_eur: number;
  picked_novalue_kg: number;
  expired_kg: number;
  refused_kg: number;
  /** Donations claimed, by minutes from posting to claim: [0,5), [5,10), ... [1440,2880), [2880, ∞). */
  claim_m0: number;
  claim_m1: number;
  claim_m2: number;
  claim_m3: number;
  claim_m4: number;
  claim_m5: number;
  claim_m6: number;
  claim_m7: number;
  claim_m8: number;
  claim_m9: number;
  claim_m10: number;
  claim_m11: number;
  claim_m12: number;
  claim_m13: number;
  claim_m14: number;
  claim_m15: number;
}
export interface StatsDailyTable extends RollupSums {
  day: string;
}
export interface StatsMonthlyTable extends RollupSums {
  month: string;
}

/** Columns migration 0004 adds to organisations: a territory's area. */
export interface OrganisationAreaColumns {
  area_towns: ColumnType<string[] | null, string | null, string | null>;
  area_lat: number | null;
  area_lng: number | null;
  area_radius_km: number | null;
}

/** Migration 0013: the official parts of a territory's area, as chosen (see territory_communes). */
export interface TerritoryAreaPartsTable {
  territory_id: number;
  kind: 'commune' | 'epci' | 'departement';
  code: string;
  name: string;
  communes: number;
  position: number;
}
/** Migration 0013: the INSEE codes a territory's parts resolved to when its area was saved. */
export interface TerritoryCommunesTable {
  territory_id: number;
  citycode: string;
}

/** Migration 0033: a short news item a territory sent to the organisations of its area. */
export interface TerritoryNewsTable {
  id: Generated<number>;
  territory_id: number;
  title: string;
  body: string;
  created_by: number | null;
  created_at: Timestamp;
  /** how many people it was written to (outbox rows aside) */
  recipients: Generated<number>;
}
/** Migration 0033: the organisations a territory's news item was sent to. */
export interface TerritoryNewsOrganisationsTable {
  news_id: number;
  organisation_id: number;
}
