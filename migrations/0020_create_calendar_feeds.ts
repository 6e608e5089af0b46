import { sql, type Kysely } from 'kysely';

/**
 * A private calendar URL per user (issue #15): one at a time (a new one replaces the old), kept as
 * the SHA-256 of its secret. `window_start` and `window_hits` count its fetches in the current hour,
 * in one guarded update, so a leaked URL cannot be read in a loop.
 */
export async function up(db: Kysely<any>) {
  await sql`create table calendar_feeds (
    user_id integer primary key references users (id) on delete cascade,
    token_hash text not null unique,
    created_at timestamptz not null default now(),
    last_used_at timestamptz null,
    window_start timestamptz null,
    window_hits integer not null default 0 check (window_hits >= 0)
  )`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop table calendar_feeds`.execute(db);
}
