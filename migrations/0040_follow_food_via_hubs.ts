import { sql, type Kysely } from 'kysely';

/**
 * Food offered and kept through relay hubs (issue #19, what was left):
 * - `notification_targets.via_hub_id`: a partner told of a donation it may claim only through
 *   that hub (its alert says so, in every wave); null for an association told for itself.
 */
export async function up(db: Kysely<any>) {
  await sql`alter table notification_targets
    add column via_hub_id integer null references organisations (id) on delete set null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>) {
  await sql`alter table notification_targets drop column via_hub_id`.execute(db);
}
