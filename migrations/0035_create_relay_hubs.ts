import { sql, type Kysely } from 'kysely';

/**
 * Relay hubs (issue #19): an association with a cold room or a freezer keeps chilled and frozen
 * food for named partner associations that have none.
 * - `hubs`: the hub's declared capacity (kg chilled, kg frozen) and opening hours;
 * - `hub_partners`: the partners the hub names (at most HUB_MAX_PARTNERS live ones), each accepted
 *   by a manager of the partner before it may claim through the hub; ended, never deleted;
 * - `donations.hub_id`, `hub_collector`: a claim made through a hub (the claim stays the
 *   partner's) and who collects at the shop: the hub's driver or the partner's;
 * - `hub_deposits`: the second handover, at the hub (kg, temperature), then the partner's
 *   collection from the hub (when, who); or the hub's refusal on arrival (its reason, 0 kg kept).
 */
export async function up(db: Kysely<any>) {
  await sql`create table hubs (
    organisation_id integer primary key references organisations (id) on delete cascade,
    capacity_chilled_kg numeric(8, 2) not null default 0
      check (capacity_chilled_kg between 0 and 100000),
    capacity_frozen_kg numeric(8, 2) not null default 0
      check (capacity_frozen_kg between 0 and 100000),
    opening_hours text not null check (char_length(opening_hours) between 1 and 300),
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table hub_partners (
    hub_id integer not null references hubs (organisation_id) on delete cascade,
    partner_id integer not null references organisations (id) on delete cascade,
    status text not null default 'invited' check (status in ('invited', 'accepted', 'ended')),
    invited_by integer null references users (id) on delete set null,
    invited_at timestamptz not null,
    answered_by integer null references users (id) on delete set null,
    answered_at timestamptz null,
    primary key (hub_id, partner_id),
    check (hub_id <> partner_id)
  )`.execute(db);
  await sql`create index hub_partners_partner_idx on hub_partners (partner_id, status)`.execute(db);
  await sql`alter table donations
    add column hub_id integer null references organisations (id) on delete set null,
    add column hub_collector text null check (hub_collector in ('hub', 'partner'))`.execute(db);
  await sql`create index donations_hub_idx on donations (hub_id, storage) where hub_id is not null`.execute(
    db,
  );
  await sql`create table hub_deposits (
    donation_id integer primary key references donations (id) on delete cascade,
    hub_id integer not null references organisations (id) on delete cascade,
    partner_id integer not null references organisations (id) on delete cascade,
    received_kg numeric(10, 2) not null check (received_kg >= 0),
    refusal_reason text null
      check (refusal_reason in ('packaging', 'temperature', 'date', 'appearance', 'quantity', 'other')),
    temperature_c numeric(4, 1) null,
    cold_chain_reason text null,
    received_at timestamptz not null,
    received_by integer null references users (id) on delete set null,
    collected_at timestamptz null,
    collected_by integer null references users (id) on delete set null,
    check (collected_at is null or collected_at >= received_at),
    check (received_kg > 0 or refusal_reason is not null),
    check (refusal_reason is null or (received_kg = 0 and collected_at is null))
  )`.execute(db);
  await sql`create index hub_deposits_hub_idx on hub_deposits (hub_id) where collected_at is null`.execute(
    db,
  );
  await sql`create index hub_deposits_partner_idx on hub_deposits (partner_id)`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop table hub_deposits`.execute(db);
  await sql`alter table donations drop column hub_collector, drop column hub_id`.execute(db);
  await sql`drop table hub_partners`.execute(db);
  await sql`drop table hubs`.execute(db);
}
