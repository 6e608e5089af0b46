import { sql, type Kysely } from 'kysely';

/**
 * The pickup as it happens (issue #15):
 * - `reasons`: the structured reasons for zero kg, a refusal or food left at the shop (codes, beside
 *   the free text in `issues`), kept for the quality loop and the figures;
 * - `cold_chain_reason`: the reason the driver confirmed for taking food above its cold-chain limit
 *   as good or acceptable;
 * - `parent_id`: a remainder offered again after a partial pickup points at the donation it came
 *   from; `left_kg`: what a partial pickup left at the shop instead;
 * - `change_alert_at`: when the associations already told were told of a material change, so that
 *   they are told once and not at every edit;
 * - `on_the_way_at`, `arrival_at`: "je suis en route" and the time the driver expects to arrive;
 * - `donation_events.reason`: why a claim was given back.
 */
export async function up(db: Kysely<any>) {
  await sql`alter table donations
    add column reasons jsonb not null default '[]'
      check (jsonb_typeof(reasons) = 'array'
        and reasons <@ '["packaging", "temperature", "date", "appearance", "quantity", "other"]'::jsonb),
    add column cold_chain_reason text null
      check (cold_chain_reason in ('brief_exposure', 'surface_reading', 'core_checked', 'other')),
    add column parent_id integer null references donations (id) on delete set null,
    add column left_kg numeric(10, 2) null check (left_kg > 0),
    add column change_alert_at timestamptz null,
    add column on_the_way_at timestamptz null,
    add column arrival_at timestamptz null`.execute(db);
  await sql`create index donations_parent_idx on donations (parent_id) where parent_id is not null`.execute(
    db,
  );
  await sql`alter table donation_events
    add column reason text null check (char_length(reason) <= 40)`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`alter table donation_events drop column reason`.execute(db);
  await sql`drop index donations_parent_idx`.execute(db);
  await sql`alter table donations
    drop column arrival_at, drop column on_the_way_at, drop column change_alert_at,
    drop column left_kg, drop column parent_id, drop column cold_chain_reason, drop column reasons`.execute(
    db,
  );
}
