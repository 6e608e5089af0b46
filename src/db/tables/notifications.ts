import type { Generated, Selectable } from 'kysely';
import type { GeneratedTimestamp, Json, Timestamp } from './columns.js';

export interface PushSubscriptionsTable {
  id: Generated<number>;
  user_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string | null;
  created_at: GeneratedTimestamp;
  last_success_at: Timestamp | null;
}

/** A user's channels for one kind of message, where they changed the default. */
export interface NotificationChoicesTable {
  user_id: number;
  kind: string;
  /** jsonb: a list of 'push' | 'email' | 'sms' (written as JSON text) */
  channels: Json<string[]>;
  updated_at: GeneratedTimestamp;
}

export interface VapidKeysTable {
  id: number;
  public_key: string;
  private_key: string;
  created_at: GeneratedTimestamp;
}

export interface NotificationTargetsTable {
  donation_id: number;
  association_id: number;
  distance_km: number;
  rank: number;
  wave: number;
  due_at: Timestamp;
  told_at: Timestamp | null;
  /** told as a partner that may claim it only through this relay hub (migration 0040) */
  via_hub_id: number | null;
}

export interface PushPayload {
  title: string;
  body: string;
  url: string;
  donationId: number | null;
  /** a donation's photo (`/photos/<token>`), shown large in the notification */
  image?: string;
}

export type DeliveryStatus =
  'pending' | 'sending' | 'sent' | 'failed' | 'gone' | 'skipped' | 'unknown';

/** What an e-mail or SMS says: a template of src/mail/templates.ts, its words, rendered when sent. */
export interface MessagePayload {
  template: string;
  params: Record<string, string | number>;
  /** a non-essential message: its one-click unsubscribe path (RFC 8058) and what it stops */
  unsubscribePath?: string;
}

export type Channel = 'push' | 'email' | 'sms';

/** The outbox of every channel: a push row names its device, an e-mail or SMS row its address. */
export interface PushDeliveriesTable {
  id: Generated<number>;
  channel: Generated<Channel>;
  subscription_id: number | null;
  /** e-mail and SMS: the recipient, their address then, and what makes the message unique for it */
  user_id: number | null;
  address: string | null;
  message_key: string | null;
  donation_id: number | null;
  /** push: PushPayload; e-mail and SMS: MessagePayload (read through src/mail/outbox.ts) */
  payload: Json<PushPayload>;
  /** e-mail: what it carries attached, built when it is sent (`receipt_pdf:<id>`) */
  attachment: string | null;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: Timestamp | null;
  last_error: string | null;
  sent_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface AppEventsTable {
  id: Generated<number>;
  type: string;
  data: Json<Record<string, unknown>>;
  created_at: GeneratedTimestamp;
}

/** A scheduled message (reminder, evening list, summary, receipt) written once per key and user. */
export interface ScheduledSendsTable {
  key: string;
  user_id: number;
  created_at: Timestamp;
}

export interface JobRunsTable {
  key: string;
  instance: string | null;
  started_at: GeneratedTimestamp;
  finished_at: Timestamp | null;
}

export type PushSubscriptionRow = Selectable<PushSubscriptionsTable>;
