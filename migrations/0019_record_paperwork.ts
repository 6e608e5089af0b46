import { sql, type Kysely } from 'kysely';

/**
 * The paperwork (issue #16); also `donations.not_sellable`, the flag at posting of food no longer
 * sellable in normal trade (50 % on the receipt):
 * - organisations' legal identity: a shop's SIRET (14 digits, its key checked by the app), SIREN
 *   (9 digits, the SIRET's first nine for a shop), legal form and sales area; an association's RNA
 *   (W + 9 digits), its object, and its food-aid approval ("habilitation"): national or regional
 *   with a number and an end date, or "law" (CCAS/CIAS) with neither required;
 * - receipts (Cerfa 16216) issued by an association to a shop for a period: numbered per
 *   association and year from `receipt_counters` (the row is locked while a number is given, so a
 *   number is never given twice), never changed once issued (amount and lines frozen), only
 *   cancelled with a reason; a replacement is a new receipt with a new number.
 */
export async function up(db: Kysely<any>) {
  await sql`alter table organisations
    add column siret text null check (siret ~ '^[0-9]{14}$'),
    add column siren text null check (siren ~ '^[0-9]{9}$'),
    add column legal_form text null check (char_length(legal_form) <= 80),
    add column sales_area_m2 integer null check (sales_area_m2 >= 0 and sales_area_m2 <= 1000000),
    add column rna text null check (rna ~ '^W[0-9A-Z]{9}$'),
    add column purpose text null check (char_length(purpose) <= 300),
    add column approval_level text null check (approval_level in ('national', 'regional', 'law')),
    add column approval_number text null check (char_length(approval_number) <= 60),
    add column approval_ends_on date null,
    add constraint organisations_approval_check check (
      approval_level is null and approval_number is null and approval_ends_on is null
      or approval_level = 'law'
      or approval_level in ('national', 'regional') and approval_number is not null
        and approval_ends_on is not null)`.execute(db);
  // food no longer sellable in normal trade counts at 50 % on the receipt (BOI-BIC-RICI-20-30-10-20)
  await sql`alter table donations add column not_sellable boolean not null default false`.execute(
    db,
  );
  await sql`create table receipt_counters (
    association_id integer not null references organisations (id) on delete cascade,
    year integer not null check (year between 2000 and 2999),
    last_seq integer not null default 0 check (last_seq >= 0),
    primary key (association_id, year)
  )`.execute(db);
  await sql`create table receipts (
    id serial primary key,
    association_id integer not null references organisations (id),
    shop_id integer not null references organisations (id),
    year integer not null,
    seq integer not null check (seq > 0),
    number text not null,
    period_from date not null,
    period_to date not null check (period_to >= period_from),
    amount_eur numeric(12, 2) not null check (amount_eur >= 0),
    amount_words text not null,
    kg numeric(12, 2) not null,
    lines jsonb not null check (jsonb_typeof(lines) = 'array'),
    donor jsonb not null,
    donee jsonb not null,
    status text not null default 'issued' check (status in ('issued', 'cancelled')),
    issued_at timestamptz not null default now(),
    issued_by integer null references users (id) on delete set null,
    cancelled_at timestamptz null,
    cancelled_by integer null references users (id) on delete set null,
    cancel_reason text null check (char_length(cancel_reason) <= 300),
    replaces_id integer null references receipts (id),
    unique (association_id, year, seq),
    unique (association_id, number),
    check (status = 'issued' and cancelled_at is null
      or status = 'cancelled' and cancelled_at is not null and cancel_reason is not null)
  )`.execute(db);
  await sql`create index receipts_shop_idx on receipts (shop_id, year)`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop table receipts`.execute(db);
  await sql`drop table receipt_counters`.execute(db);
  await sql`alter table donations drop column not_sellable`.execute(db);
  await sql`alter table organisations
    drop constraint organisations_approval_check,
    drop column approval_ends_on, drop column approval_number, drop column approval_level,
    drop column purpose, drop column rna, drop column legal_form, drop column sales_area_m2,
    drop column siren, drop column siret`.execute(db);
}
