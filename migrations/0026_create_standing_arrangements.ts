import { sql, type Kysely } from 'kysely';

/**
 * Standing arrangements (issue #15): a shop and an association agree that the dates of one
 * regular donation are offered first to that association.
 * - `series_arrangements`: proposed by the shop, accepted by a manager of the association, ended
 *   by either side (who, when, why). Rows are never deleted: they are the history. At most one
 *   proposed or active arrangement per series;
 * - `arrangement_offers`: one row per date offered, pending until the association confirms or
 *   declines it or its deadline passes (`deadline`, the arrangement's `confirm_minutes` before the
 *   window opens). The date's `donation_series_dates` row is taken when the offer is made, so the
 *   plain occurrence job leaves it alone; its donation is written when the offer is decided.
 */
export async function up(db: Kysely<any>) {
  await sql`create table series_arrangements (
    id serial primary key,
    series_id integer not null references donation_series (id) on delete cascade,
    shop_id integer not null references organisations (id) on delete cascade,
    association_id integer not null references organisations (id) on delete cascade,
    confirm_minutes integer not null default 1440 check (confirm_minutes between 60 and 10080),
    status text not null default 'proposed' check (status in ('proposed', 'active', 'ended')),
    proposed_by integer null references users (id) on delete set null,
    proposed_at timestamptz not null default now(),
    accepted_by integer null references users (id) on delete set null,
    accepted_at timestamptz null,
    ended_by integer null references users (id) on delete set null,
    ended_by_org integer null references organisations (id) on delete set null,
    ended_at timestamptz null,
    end_reason text null check (char_length(end_reason) <= 300),
    check ((status = 'ended') = (ended_at is not null))
  )`.execute(db);
  await sql`create unique index series_arrangements_live_idx on series_arrangements (series_id)
    where status in ('proposed', 'active')`.execute(db);
  await sql`create index series_arrangements_association_idx
    on series_arrangements (association_id, status)`.execute(db);
  await sql`create index series_arrangements_shop_idx on series_arrangements (shop_id)`.execute(db);
  await sql`create table arrangement_offers (
    arrangement_id integer not null references series_arrangements (id) on delete cascade,
    series_id integer not null references donation_series (id) on delete cascade,
    day date not null,
    status text not null default 'pending'
      check (status in ('pending', 'confirmed', 'declined', 'expired', 'withdrawn')),
    deadline timestamptz not null,
    decided_at timestamptz null,
    decided_by integer null references users (id) on delete set null,
    donation_id integer null references donations (id) on delete set null,
    created_at timestamptz not null default now(),
    primary key (arrangement_id, day)
  )`.execute(db);
  await sql`create index arrangement_offers_deadline_idx on arrangement_offers (deadline)
    where status = 'pending'`.execute(db);
  await sql`create index arrangement_offers_series_idx on arrangement_offers (series_id, day)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>) {
  await sql`drop table arrangement_offers`.execute(db);
  await sql`drop table series_arrangements`.execute(db);
}
