import { sql, type Kysely } from 'kysely';

/**
 * Who is told what, and how (issue #14): a row per user and kind of message they changed from the
 * defaults (no row: the default of src/notifications/choices.ts), with the channels they chose
 * (an empty list: none); and each user's quiet hours, Paris wall-clock times, during which nothing
 * rings (no push, no SMS; e-mails still go).
 */
export async function up(db: Kysely<any>) {
  await sql`create table notification_choices (
    user_id integer not null references users (id) on delete cascade,
    kind text not null check (char_length(kind) <= 40),
    channels jsonb not null check (jsonb_typeof(channels) = 'array'
      and channels <@ '["push", "email", "sms"]'::jsonb),
    updated_at timestamptz not null default now(),
    primary key (user_id, kind)
  )`.execute(db);
  await sql`alter table users
    add column quiet_from time null,
    add column quiet_until time null,
    add constraint users_quiet_hours_both check ((quiet_from is null) = (quiet_until is null))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>) {
  await sql`alter table users drop constraint users_quiet_hours_both,
    drop column quiet_until, drop column quiet_from`.execute(db);
  await sql`drop table notification_choices`.execute(db);
}
