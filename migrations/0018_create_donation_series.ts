import { sql, type Kysely } from 'kysely';

/**
 * Regular donations (issue #15): a shop's series ("every Tuesday and Friday, 19:00-19:30, about
 * 8 kg of bread"), each date of which becomes an ordinary donation ahead of time.
 * - `donation_series.weekdays`: a bit mask, bit n set for ISO weekday n (1 = Monday ... 7 = Sunday);
 *   times are Paris wall-clock 'HH:MM', never crossing midnight;
 * - `donation_series_dates`: one row per (series, date) that was made or skipped. Its primary key
 *   is what makes each occurrence exactly once, whichever instance or rerun gets there first;
 * - `shop_closures`: a shop's holidays, a range of dates every series of the shop skips;
 * - `donations.series_id`: the series an occurrence came from (kept when the series ends).
 */
export async function up(db: Kysely<any>) {
  await sql`create table donation_series (
    id serial primary key,
    shop_id integer not null references organisations (id) on delete cascade,
    created_by integer null references users (id) on delete set null,
    category text not null,
    description text not null check (char_length(description) between 1 and 300),
    quantity_kg numeric(10, 2) not null check (quantity_kg > 0),
    units integer null check (units > 0),
    storage text not null check (storage in ('ambient', 'chilled', 'frozen')),
    weekdays integer not null check (weekdays > 0 and weekdays < 256 and weekdays % 2 = 0),
    pickup_from_time text not null check (pickup_from_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    pickup_until_time text not null check (pickup_until_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    starts_on date not null,
    ends_on date null,
    date_kind text null check (date_kind in ('use_by', 'best_before')),
    date_offset_days integer null check (date_offset_days between 0 and 365),
    packaged boolean not null default true,
    value_eur numeric(12, 2) null check (value_eur >= 0),
    lead_minutes integer not null default 360 check (lead_minutes between 0 and 8640),
    association_id integer null references organisations (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    ended_at timestamptz null,
    check (pickup_until_time > pickup_from_time),
    check (ends_on is null or ends_on >= starts_on)
  )`.execute(db);
  await sql`create index donation_series_shop_idx on donation_series (shop_id)`.execute(db);
  await sql`create index donation_series_active_idx on donation_series (starts_on)
    where ended_at is null`.execute(db);
  await sql`create table donation_series_dates (
    series_id integer not null references donation_series (id) on delete cascade,
    day date not null,
    donation_id integer null references donations (id) on delete set null,
    skipped boolean not null default false,
    created_at timestamptz not null default now(),
    primary key (series_id, day)
  )`.execute(db);
  await sql`create table shop_closures (
    id serial primary key,
    shop_id integer not null references organisations (id) on delete cascade,
    starts_on date not null,
    ends_on date not null,
    created_at timestamptz not null default now(),
    check (ends_on >= starts_on and ends_on - starts_on <= 366)
  )`.execute(db);
  await sql`create index shop_closures_shop_idx on shop_closures (shop_id, ends_on)`.execute(db);
  await sql`alter table donations
    add column series_id integer null references donation_series (id) on delete set null`.execute(
    db,
  );
  await sql`create index donations_series_idx on donations (series_id) where series_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>) {
  await sql`drop index donations_series_idx`.execute(db);
  await sql`alter table donations drop column series_id`.execute(db);
  await sql`drop table shop_closures`.execute(db);
  await sql`drop table donation_series_dates`.execute(db);
  await sql`drop table donation_series`.execute(db);
}
