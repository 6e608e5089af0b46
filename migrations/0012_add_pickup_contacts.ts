import { sql, type Kysely } from 'kysely';

/**
 * What the driver and the shop need to know about each other: how to get to the shop (entrance,
 * parking, which door, whom to ask) and a phone for the pickup, both shown only to the
 * association holding the claim; and the driver's own phone, shown to the shop once claimed.
 * Bounded in the database too, as the forms bound them (phones are stored as E.164).
 */
export async function up(db: Kysely<any>) {
  await sql`alter table organisations
    add column access_notes text null check (char_length(access_notes) <= 500),
    add column pickup_phone text null check (char_length(pickup_phone) <= 16)`.execute(db);
  await sql`alter table users
    add column phone text null check (char_length(phone) <= 16)`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`alter table users drop column phone`.execute(db);
  await sql`alter table organisations drop column pickup_phone, drop column access_notes`.execute(
    db,
  );
}
