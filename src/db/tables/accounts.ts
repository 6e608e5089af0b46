import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp, Json, Timestamp } from './columns.js';
import type { OrganisationAreaColumns } from './stats.js';

export type OrganisationKind = 'shop' | 'association' | 'producer_org' | 'territory';
export type MemberRole = 'manager' | 'member';
export type ReceiptPeriod = 'month' | 'quarter' | 'year';

export interface OrganisationsTable extends OrganisationAreaColumns {
  id: Generated<number>;
  kind: OrganisationKind;
  name: string;
  address: string | null;
  town: string | null;
  postcode: string | null;
  /** The address as the address service names it (null: placed by coordinates). */
  address_label: string | null;
  /** The commune's INSEE code: 5 digits, or 2A/2B + 3 digits in Corsica (checked by the table). */
  citycode: string | null;
  lat: number;
  lng: number;
  phone: string | null;
  /** how to get there: entrance, parking, which door, whom to ask (the claiming association only) */
  access_notes: string | null;
  /** E.164; the number for the pickup, shown to the claiming association only */
  pickup_phone: string | null;
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
  /** legal identity (organisations/identity.ts checks the keys) */
  siret: string | null;
  siren: string | null;
  legal_form: string | null;
  sales_area_m2: number | null;
  rna: string | null;
  /** an association's object, as the receipt states it */
  purpose: string | null;
  /** the food-aid approval: national or regional (number, end date), or by law (CCAS/CIAS) */
  approval_level: 'national' | 'regional' | 'law' | null;
  approval_number: string | null;
  approval_starts_on: string | null;
  approval_ends_on: string | null;
  /** how often the association makes out a receipt: one per month, quarter or year */
  receipt_period: Generated<ReceiptPeriod>;
  created_at: GeneratedTimestamp;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  /** E.164; the driver's phone, shown to the shop of a donation they claimed */
  phone: string | null;
  is_admin: Generated<boolean>;
  lang: Generated<string>;
  created_at: GeneratedTimestamp;
  /** a permanent failure (SMTP 5xx, an invalid number) stopped mail or SMS to this address */
  email_failing_at: Timestamp | null;
  phone_failing_at: Timestamp | null;
  /** quiet hours, Paris wall-clock 'HH:MM:SS' (both or neither): no push and no SMS then */
  quiet_from: string | null;
  quiet_until: string | null;
  /** when the address was confirmed by a link sent to it (null: not yet) */
  email_confirmed_at: Timestamp | null;
  /** when `phone` was proved by the code sent to it by SMS (null: not yet; SMS go only then) */
  phone_verified_at: Timestamp | null;
}

/** The code waiting for the account's number (one per account), hashed; 10 minutes, 5 tries. */
export interface PhoneCodesTable {
  user_id: number;
  phone: string;
  code_hash: string;
  tries: Generated<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
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

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type User = Selectable<UsersTable>;

export interface PasswordResetsTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface UnsubscribeTokensTable {
  token_hash: string;
  user_id: number;
  purpose: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface MailOptOutsTable {
  user_id: number;
  purpose: string;
  created_at: Timestamp;
}

/** A link confirming `email` for the user: sign-up (their own address) or a change (the new one). */
export interface EmailConfirmationsTable {
  token_hash: string;
  user_id: number;
  email: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** Every food-aid approval an association recorded, with its dates (a trigger writes them). */
export interface AssociationApprovalsTable {
  id: Generated<number>;
  association_id: number;
  level: 'national' | 'regional' | 'law';
  number: string | null;
  starts_on: string | null;
  ends_on: string | null;
  recorded_at: GeneratedTimestamp;
}
