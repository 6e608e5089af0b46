import { sql, type Kysely } from 'kysely';

/**
 * Invitations become the only way into an organisation for someone added by a manager: the
 * membership is created when that organisation's link is accepted, not when the link is made.
 * An invitation carries the role it grants and whether its link may choose the password (only the
 * link of the organisation that created the account, while the account has none).
 * API tokens get an expiry (90 days for those already handed out, from their creation).
 */
export async function up(db: Kysely<any>) {
  await db.schema
    .alterTable('invitations')
    .addColumn('role', 'text', (c) =>
      c
        .notNull()
        .defaultTo('member')
        .check(sql`role in ('manager', 'member')`),
    )
    .addColumn('sets_password', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  // links waiting: the role is the membership's made with them
  await sql`update invitations i set role = m.role from memberships m
    where m.user_id = i.user_id and m.organisation_id = i.organisation_id and i.used_at is null`.execute(
    db,
  );
  // one link per person and organisation: keep the newest
  await sql`delete from invitations i using invitations j
    where i.used_at is null and j.used_at is null and i.user_id = j.user_id
      and i.organisation_id = j.organisation_id and (j.created_at, j.token_hash) > (i.created_at, i.token_hash)`.execute(
    db,
  );
  // an account without a password: only its first organisation's link may choose it
  await sql`update invitations i set sets_password = true
    from users u where u.id = i.user_id and u.password_hash is null and i.used_at is null
      and not exists (select 1 from invitations e where e.user_id = i.user_id
        and (e.created_at, e.token_hash) < (i.created_at, i.token_hash))`.execute(db);
  // memberships handed out before their link was accepted wait for it again
  await sql`delete from memberships m using users u, invitations i
    where u.id = m.user_id and u.password_hash is null
      and i.user_id = m.user_id and i.organisation_id = m.organisation_id`.execute(db);
  await sql`create unique index invitations_pending_key on invitations (user_id, organisation_id) where used_at is null`.execute(
    db,
  );

  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'timestamptz').execute();
  await sql`update api_tokens set expires_at = created_at + interval '90 days'`.execute(db);
  await sql`alter table api_tokens alter column expires_at set not null`.execute(db);
  await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropIndex('sessions_user_idx').execute();
  await db.schema.dropIndex('api_tokens_user_idx').execute();
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
  await db.schema.dropIndex('invitations_pending_key').execute();
  // as before: a waiting invitation came with its membership
  await sql`insert into memberships (user_id, organisation_id, role)
    select user_id, organisation_id, role from invitations where used_at is null
    on conflict do nothing`.execute(db);
  await db.schema
    .alterTable('invitations')
    .dropColumn('sets_password')
    .dropColumn('role')
    .execute();
}
