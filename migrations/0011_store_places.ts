import { sql, type Kysely } from 'kysely';

/**
 * An organisation's place as the address service names it: the label it gave (the address as
 * written there), and the commune's INSEE code, by which territories will count their members
 * instead of comparing town names as typed. Both stay empty for the organisations placed by
 * coordinates: their coordinates are kept as they are. (The postcode had its column already.)
 */
export async function up(db: Kysely<any>) {
  await sql`alter table organisations
    add column address_label text,
    add column citycode text
      constraint organisations_citycode_insee check (citycode ~ '^([0-9]{5}|2[AB][0-9]{3})$')`.execute(
    db,
  );
  await sql`create index organisations_citycode_idx on organisations (citycode)`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop index organisations_citycode_idx`.execute(db);
  await sql`alter table organisations drop column citycode, drop column address_label`.execute(db);
}
