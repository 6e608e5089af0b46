import type { Migration } from 'kysely';
import * as m0001 from './0001_create_accounts.js';
import * as m0002 from './0002_create_donations.js';
import * as m0003 from './0003_create_withdrawals.js';
import * as m0004 from './0004_create_stats.js';
import * as m0005 from './0005_create_notifications.js';
import * as m0006 from './0006_count_withdrawals_in_stats.js';
import * as m0007 from './0007_faster_posting.js';
import * as m0008 from './0008_harden_accounts.js';
import * as m0009 from './0009_count_sign_in_attempts.js';
import * as m0010 from './0010_harden_handover.js';
import * as m0011 from './0011_store_places.js';
import * as m0012 from './0012_add_pickup_contacts.js';
import * as m0013 from './0013_add_territory_communes.js';
import * as m0014 from './0014_unify_outbox.js';
import * as m0015 from './0015_record_pickup_details.js';
import * as m0016 from './0016_confirm_emails.js';
import * as m0017 from './0017_add_notification_choices.js';
import * as m0018 from './0018_create_donation_series.js';
import * as m0019 from './0019_record_paperwork.js';
import * as m0020 from './0020_create_calendar_feeds.js';
import * as m0023 from './0023_add_scheduled_sends.js';
import * as m0024 from './0024_create_conventions.js';
import * as m0025 from './0025_follow_rules_in_force.js';
import * as m0026 from './0026_create_standing_arrangements.js';
import * as m0030 from './0030_add_donation_photos.js';
import * as m0032 from './0032_create_directory_entries.js';
import * as m0033 from './0033_mark_quality_and_territory_news.js';
import * as m0034 from './0034_create_rounds.js';
import * as m0035 from './0035_create_relay_hubs.js';
import * as m0036 from './0036_verify_phones.js';
import * as m0037 from './0037_keep_approvals_and_certificates.js';
import * as m0039 from './0039_mark_quality_on_series.js';
import * as m0040 from './0040_follow_food_via_hubs.js';

/** A static list, so the same migrations bundle for Workers and run on Node without a file system. */
export const migrations: Record<string, Migration> = {
  '0001_create_accounts': m0001,
  '0002_create_donations': m0002,
  '0003_create_withdrawals': m0003,
  '0004_create_stats': m0004,
  '0005_create_notifications': m0005,
  '0006_count_withdrawals_in_stats': m0006,
  '0007_faster_posting': m0007,
  '0008_harden_accounts': m0008,
  '0009_count_sign_in_attempts': m0009,
  '0010_harden_handover': m0010,
  '0011_store_places': m0011,
  '0012_add_pickup_contacts': m0012,
  '0013_add_territory_communes': m0013,
  '0014_unify_outbox': m0014,
  '0015_record_pickup_details': m0015,
  '0016_confirm_emails': m0016,
  '0017_add_notification_choices': m0017,
  '0018_create_donation_series': m0018,
  '0019_record_paperwork': m0019,
  '0020_create_calendar_feeds': m0020,
  '0023_add_scheduled_sends': m0023,
  '0024_create_conventions': m0024,
  '0025_follow_rules_in_force': m0025,
  '0026_create_standing_arrangements': m0026,
  '0030_add_donation_photos': m0030,
  '0032_create_directory_entries': m0032,
  '0033_mark_quality_and_territory_news': m0033,
  '0034_create_rounds': m0034,
  '0035_create_relay_hubs': m0035,
  '0036_verify_phones': m0036,
  '0037_keep_approvals_and_certificates': m0037,
  '0039_mark_quality_on_series': m0039,
  '0040_follow_food_via_hubs': m0040,
};
