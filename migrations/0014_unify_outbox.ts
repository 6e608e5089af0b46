import { sql, type Kysely } from 'kysely';

/**
 * One outbox for every channel: push_deliveries also carries e-mails and SMS, addressed to a user's
 * address (kept on the row: the message goes where the address was when it was written), at most
 * once per (channel, address, message_key). A permanent failure marks the user's address as
 * failing. Password-reset tokens (hashed, single use, 1 hour), one-click unsubscribe tokens and
 * the opt-outs they record.
 */
export async function up(db: Kysely<any>) {
  await sql`alter table push_deliveries
    add column channel text not null default 'push' check (channel in ('push', 'email', 'sms')),
    add column user_id integer references users(id) on delete cascade,
    add column address text,
    add column message_key text,
    alter column subscription_id drop not null`.execute(db);
  await sql`alter table push_deliveries add constraint push_deliveries_channel_ck check (
    (channel = 'push' and subscription_id is not null)
    or (channel <> 'push' and subscription_id is null and user_id is not null
        and address is not null and message_key is not null))`.execute(db);
  await sql`create unique index push_deliveries_address_message_uq
    on push_deliveries (channel, address, message_key) where message_key is not null`.execute(db);
  await sql`alter table users add column email_failing_at timestamptz, add column phone_failing_at timestamptz`.execute(
    db,
  );

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('password_resets_user_idx')
    .on('password_resets')
    .column('user_id')
    .execute();

  // a random token per message that offers to unsubscribe, stored hashed; it stops one purpose
  await db.schema
    .createTable('unsubscribe_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('mail_opt_outs')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_opt_outs_pk', ['user_id', 'purpose'])
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('mail_opt_outs').execute();
  await db.schema.dropTable('unsubscribe_tokens').execute();
  await db.schema.dropTable('password_resets').execute();
  await sql`alter table users drop column email_failing_at, drop column phone_failing_at`.execute(
    db,
  );
  await sql`delete from push_deliveries where channel <> 'push'`.execute(db);
  await sql`drop index push_deliveries_address_message_uq`.execute(db);
  await sql`alter table push_deliveries drop constraint push_deliveries_channel_ck,
    drop column channel, drop column user_id, drop column address, drop column message_key,
    alter column subscription_id set not null`.execute(db);
}
