import { sql, type Kysely } from 'kysely';

/**
 * Food offered and kept through relay hubs (issue #19, what was left):
 * - `notification_targets.via_hub_id`: a partner told of a donation it may claim only through
 *   that hub (its alert says so, in every wave); null for an association told for itself.
 * - `donations.hub_unrecorded_at`: food collected at the shop for a hub whose arrival at the hub
 *   was never recorded, closed by the hourly job (HUB_RECORD_GRACE_MS after the window's end):
 *   it no longer holds the hub's room, and the hub's step says "not recorded".
 */
export async function up(db: Kysely<any>) {
  await sql`alter table notification_targets
    add column via_hub_id integer null references organisations (id) on delete set null`.execute(
    db,
  );
  await sql`alter table donations add column hub_unrecorded_at timestamptz null`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`alter table donations drop column hub_unrecorded_at`.execute(db);
  await sql`alter table notification_targets drop column via_hub_id`.execute(db);
}
