import { sql, type Kysely } from 'kysely';

/**
 * A photo of the surplus (issue #15), at most one per donation. The bytes live in their own table
 * so the feed's reads of `donations` never carry them; `donations.photo_token` (random, 22
 * characters) is the photo's address, `/photos/<token>`, so a page, an e-mail and a phone's
 * notification can show it without a session. Deleted with its donation.
 */
export async function up(db: Kysely<any>) {
  await sql`alter table donations add column photo_token text null`.execute(db);
  await sql`create unique index donations_photo_token on donations (photo_token)
    where photo_token is not null`.execute(db);
  await sql`create table donation_photos (
    donation_id integer primary key references donations (id) on delete cascade,
    mime text not null check (mime in ('image/jpeg', 'image/png', 'image/webp')),
    width integer not null check (width between 1 and 8192),
    height integer not null check (height between 1 and 8192),
    bytes bytea not null check (octet_length(bytes) between 1 and 2097152),
    created_at timestamptz not null default now()
  )`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop table donation_photos`.execute(db);
  await sql`alter table donations drop column photo_token`.execute(db);
}
