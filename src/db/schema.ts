// The database as Kysely sees it: every table, by name. The table types live in tables/, one file
// per feature's tables, and features import them from here (db/ imports no feature).
import type {
  ApiTokensTable,
  InvitationsTable,
  MembershipsTable,
  OrganisationsTable,
  AssociationApprovalsTable,
  SessionsTable,
  MailOptOutsTable,
  PasswordResetsTable,
  PhoneCodesTable,
  EmailConfirmationsTable,
  SignInThrottlesTable,
  UnsubscribeTokensTable,
  UsersTable,
} from './tables/accounts.js';
import type { CalendarFeedsTable } from './tables/calendar.js';
import type { ConventionsTable } from './tables/conventions.js';
import type { DirectoryEntriesTable } from './tables/directory.js';
import type {
  DonationEventsTable,
  DonationPhotosTable,
  DonationsTable,
  HandoverCodeFailuresTable,
} from './tables/donations.js';
import type {
  AppEventsTable,
  JobRunsTable,
  NotificationChoicesTable,
  NotificationTargetsTable,
  PushDeliveriesTable,
  PushSubscriptionsTable,
  ScheduledSendsTable,
  VapidKeysTable,
} from './tables/notifications.js';
import type {
  ImpactFactorsTable,
  QualityActionsTable,
  StatsDailyTable,
  StatsMonthlyTable,
  TerritoryAreaPartsTable,
  TerritoryCommunesTable,
  TerritoryNewsTable,
  TerritoryNewsOrganisationsTable,
} from './tables/stats.js';
import type { HubDepositsTable, HubPartnersTable, HubsTable } from './tables/hubs.js';
import type { ReceiptCountersTable, ReceiptsTable } from './tables/receipts.js';
import type { RoundSharesTable, RoundStopsTable, RoundsTable } from './tables/rounds.js';
import type {
  ArrangementOffersTable,
  SeriesArrangementsTable,
  DonationSeriesDatesTable,
  DonationSeriesTable,
  ShopClosuresTable,
} from './tables/series.js';
import type {
  WithdrawalCampaignsTable,
  WithdrawalProductsTable,
  WithdrawalRatesTable,
  WithdrawalReceiptsView,
  WithdrawalSettingsTable,
  WithdrawalTransportCostsTable,
  WithdrawalsTable,
} from './tables/withdrawals.js';

export type { GeneratedTimestamp } from './tables/columns.js';
export type * from './tables/accounts.js';
export type * from './tables/calendar.js';
export type * from './tables/conventions.js';
export type * from './tables/directory.js';
export type * from './tables/donations.js';
export type * from './tables/hubs.js';
export type * from './tables/notifications.js';
export type * from './tables/stats.js';
export type * from './tables/receipts.js';
export type * from './tables/rounds.js';
export type * from './tables/series.js';
export type * from './tables/withdrawals.js';

export interface Database {
  organisations: OrganisationsTable;
  association_approvals: AssociationApprovalsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  sign_in_throttles: SignInThrottlesTable;
  password_resets: PasswordResetsTable;
  email_confirmations: EmailConfirmationsTable;
  phone_codes: PhoneCodesTable;
  unsubscribe_tokens: UnsubscribeTokensTable;
  mail_opt_outs: MailOptOutsTable;
  calendar_feeds: CalendarFeedsTable;
  donations: DonationsTable;
  donation_events: DonationEventsTable;
  donation_photos: DonationPhotosTable;
  handover_code_failures: HandoverCodeFailuresTable;
  push_subscriptions: PushSubscriptionsTable;
  notification_choices: NotificationChoicesTable;
  vapid_keys: VapidKeysTable;
  notification_targets: NotificationTargetsTable;
  push_deliveries: PushDeliveriesTable;
  app_events: AppEventsTable;
  job_runs: JobRunsTable;
  scheduled_sends: ScheduledSendsTable;
  impact_factors: ImpactFactorsTable;
  quality_actions: QualityActionsTable;
  stats_daily: StatsDailyTable;
  stats_monthly: StatsMonthlyTable;
  territory_area_parts: TerritoryAreaPartsTable;
  territory_communes: TerritoryCommunesTable;
  territory_news: TerritoryNewsTable;
  territory_news_organisations: TerritoryNewsOrganisationsTable;
  withdrawal_products: WithdrawalProductsTable;
  withdrawal_rates: WithdrawalRatesTable;
  withdrawal_settings: WithdrawalSettingsTable;
  withdrawal_transport_costs: WithdrawalTransportCostsTable;
  withdrawal_campaigns: WithdrawalCampaignsTable;
  withdrawals: WithdrawalsTable;
  withdrawal_receipts: WithdrawalReceiptsView;
  receipt_counters: ReceiptCountersTable;
  receipts: ReceiptsTable;
  donation_series: DonationSeriesTable;
  donation_series_dates: DonationSeriesDatesTable;
  shop_closures: ShopClosuresTable;
  conventions: ConventionsTable;
  series_arrangements: SeriesArrangementsTable;
  arrangement_offers: ArrangementOffersTable;
  hubs: HubsTable;
  hub_partners: HubPartnersTable;
  hub_deposits: HubDepositsTable;
  directory_entries: DirectoryEntriesTable;
  rounds: RoundsTable;
  round_stops: RoundStopsTable;
  round_shares: RoundSharesTable;
}
