import { sql, type Kysely } from 'kysely';

/**
 * Rounds (issue #19): a driver of an association claims up to 7 donations for one trip. A round
 * keeps the stops it won, in the order driven (`position`), with the time planned at each and
 * whether its window is missed by that order. A second association may share the car
 * (`partner_id`, once a member of it accepts: `partner_accepted_at`); the kg received on the round are split between the two in `round_shares`.
 */
export async function up(db: Kysely<any>) {
  await sql`create table rounds (
    id serial primary key,
    association_id integer not null references organisations (id),
    partner_id integer null references organisations (id),
    partner_accepted_at timestamptz null,
    created_by integer not null references users (id),
    start_lat double precision not null check (start_lat between -90 and 90),
    start_lng double precision not null check (start_lng between -180 and 180),
    created_at timestamptz not null default now(),
    check (partner_id is null or partner_id <> association_id)
  )`.execute(db);
  await sql`create index rounds_association_idx on rounds (association_id, created_at)`.execute(db);
  await sql`create index rounds_partner_idx on rounds (partner_id) where partner_id is not null`.execute(
    db,
  );
  await sql`create table round_stops (
    round_id integer not null references rounds (id) on delete cascade,
    donation_id integer not null references donations (id) on delete cascade,
    position smallint not null check (position between 1 and 7),
    planned_at timestamptz not null,
    late boolean not null default false,
    moved boolean not null default false,
    primary key (round_id, donation_id),
    unique (round_id, position)
  )`.execute(db);
  await sql`create index round_stops_donation_idx on round_stops (donation_id)`.execute(db);
  await sql`create table round_shares (
    round_id integer not null references rounds (id) on delete cascade,
    association_id integer not null references organisations (id),
    kg numeric(10, 2) not null check (kg >= 0),
    recorded_by integer not null references users (id),
    recorded_at timestamptz not null,
    primary key (round_id, association_id)
  )`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop table round_shares`.execute(db);
  await sql`drop table round_stops`.execute(db);
  await sql`drop table rounds`.execute(db);
}
