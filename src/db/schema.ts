import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
export type { GeneratedTimestamp };

/** Timestamps come back as Date from both drivers; we write Date or ISO strings. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type OrganisationKind = 'shop' | 'association' | 'producer_org' | 'territory';
export type MemberRole = 'manager' | 'member';

export interface OrganisationsTable extends OrganisationAreaColumns {
  id: Generated<number>;
  kind: OrganisationKind;
  name: string;
  address: string | null;
  town: string | null;
  postcode: string | null;
  lat: number;
  lng: number;
  phone: string | null;
  approved: Generated<boolean>;
  radius_km: Generated<number>;
  accepted_categories: Json<string[] | null> | null;
  storage_chilled: Generated<boolean>;
  storage_frozen: Generated<boolean>;
  same_day_capacity: Generated<boolean>;
  min_kg: number | null;
  max_kg: number | null;
  pickup_days: Json<number[]>;
  pickup_from: string | null;
  pickup_until: string | null;
  created_at: GeneratedTimestamp;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  is_admin: Generated<boolean>;
  lang: Generated<string>;
  created_at: GeneratedTimestamp;
}

export interface MembershipsTable {
  user_id: number;
  organisation_id: number;
  role: MemberRole;
  created_at: GeneratedTimestamp;
}

export interface SessionsTable {
  id: string; // sha256 of the cookie value
  user_id: number;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
}

export interface InvitationsTable {
  token_hash: string;
  user_id: number;
  organisation_id: number;
  /** the membership accepting the link grants */
  role: Generated<MemberRole>;
  /** the link may choose the password (the account's first organisation, while it has none) */
  sets_password: Generated<boolean>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

/** Sign-in attempts counted per key (`pair:` e-mail and address, `addr:` address); see accounts/sign-in-throttle.ts. */
export interface SignInThrottlesTable {
  key: string;
  failures: number;
  last_at: Timestamp;
  blocked_until: Timestamp | null;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  sign_in_throttles: SignInThrottlesTable;
  donations: DonationsTable;
  donation_events: DonationEventsTable;
  handover_code_failures: HandoverCodeFailuresTable;
  push_subscriptions: PushSubscriptionsTable;
  vapid_keys: VapidKeysTable;
  notification_targets: NotificationTargetsTable;
  push_deliveries: PushDeliveriesTable;
  app_events: AppEventsTable;
  job_runs: JobRunsTable; // issue 4
  impact_factors: ImpactFactorsTable;
  quality_actions: QualityActionsTable;
  stats_daily: StatsDailyTable;
  stats_monthly: StatsMonthlyTable;
  withdrawal_products: WithdrawalProductsTable;
  withdrawal_rates: WithdrawalRatesTable;
  withdrawal_settings: WithdrawalSettingsTable;
  withdrawal_campaigns: WithdrawalCampaignsTable;
  withdrawals: WithdrawalsTable;
  withdrawal_receipts: WithdrawalReceiptsView;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type User = Selectable<UsersTable>;

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
import type {
  ImpactFactorsTable,
  OrganisationAreaColumns,
  QualityActionsTable,
  StatsDailyTable,
  StatsMonthlyTable,
} from '../stats/tables.js'; // issue 5
import type {
  AppEventsTable,
  JobRunsTable,
  NotificationTargetsTable,
  PushDeliveriesTable,
  PushSubscriptionsTable,
  VapidKeysTable,
} from '../notifications/tables.js'; // issue 4

// Market withdrawals (issue 6): table types live next to their feature.
import type {
  WithdrawalProductsTable,
  WithdrawalRatesTable,
  WithdrawalSettingsTable,
  WithdrawalCampaignsTable,
  WithdrawalsTable,
  WithdrawalReceiptsView,
} from '../withdrawals/tables.js';
export type * from '../withdrawals/tables.js';
