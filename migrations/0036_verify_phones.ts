import { sql, type Kysely } from 'kysely';

/**
 * SMS only to verified numbers (issue #14): `users.phone_verified_at` is set when the code sent by
 * SMS to the account's number is typed back, and cleared when the number changes. Numbers saved
 * before this count as unverified: nobody proved them. `phone_codes`: the one code waiting per
 * account, for that number, stored hashed, valid 10 minutes and 5 tries.
 */
export async function up(db: Kysely<any>) {
  await sql`alter table users add column phone_verified_at timestamptz null`.execute(db);
  await sql`create table phone_codes (
    user_id integer primary key references users (id) on delete cascade,
    phone text not null check (char_length(phone) <= 20),
    code_hash text not null,
    tries integer not null default 0,
    created_at timestamptz not null,
    expires_at timestamptz not null
  )`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop table phone_codes`.execute(db);
  await sql`alter table users drop column phone_verified_at`.execute(db);
}
