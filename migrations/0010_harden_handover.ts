import { sql, type Kysely } from 'kysely';

/**
 * Wrong handover codes were counted on the donation itself, and a release wiped the count. They
 * now live in a table of their own, one row per donation, association and user, which a release
 * does not touch; the counts running on claimed donations move into it. Releases are counted from
 * the donations' history (claimed -> open), by association and by user: two partial indexes.
 */
export async function up(db: Kysely<any>) {
  await sql`create table handover_code_failures (
    scope text not null check (scope in ('donation', 'association', 'user')),
    key integer not null,
    window_start timestamptz not null,
    failures integer not null default 0 check (failures >= 0),
    primary key (scope, key)
  )`.execute(db);
  await sql`insert into handover_code_failures (scope, key, window_start, failures)
    select 'donation', id, wrong_code_at, wrong_code_count from donations
    where wrong_code_count > 0 and wrong_code_at is not null`.execute(db);
  await sql`alter table donations drop column wrong_code_count, drop column wrong_code_at`.execute(
    db,
  );
  await sql`create index donation_events_released_by_org_idx on donation_events (actor_org_id, at)
    where from_status = 'claimed' and to_status = 'open'`.execute(db);
  await sql`create index donation_events_released_by_user_idx on donation_events (actor_user_id, at)
    where from_status = 'claimed' and to_status = 'open'`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop index donation_events_released_by_user_idx`.execute(db);
  await sql`drop index donation_events_released_by_org_idx`.execute(db);
  await sql`alter table donations add column wrong_code_count integer not null default 0,
    add column wrong_code_at timestamptz`.execute(db);
  await sql`update donations d set wrong_code_count = f.failures, wrong_code_at = f.window_start
    from handover_code_failures f where f.scope = 'donation' and f.key = d.id`.execute(db);
  await sql`drop table handover_code_failures`.execute(db);
}
