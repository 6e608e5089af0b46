import { sql, type Kysely } from 'kysely';

/**
 * The scheduled messages (issue #14: the pickup reminder, the evening list, the weekly summary,
 * the receipt of the month): one row per message and user, written in the transaction that puts
 * its e-mail, SMS and push rows in the outbox. A second run, or a second instance at the same
 * time, finds the row there and writes nothing (its insert waits for the first one's commit).
 */
export async function up(db: Kysely<any>) {
  await sql`create table scheduled_sends (
    key text not null check (char_length(key) <= 100),
    user_id integer not null references users (id) on delete cascade,
    created_at timestamptz not null,
    primary key (key, user_id)
  )`.execute(db);
  await sql`create index scheduled_sends_created_idx on scheduled_sends (created_at)`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop table scheduled_sends`.execute(db);
}
