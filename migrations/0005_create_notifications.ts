import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
  // One row per browser (device) that accepted push; the endpoint is the device's address.
  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_success_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('push_subscriptions_user_idx')
    .on('push_subscriptions')
    .column('user_id')
    .execute();

  // Generated once when the environment gives none; a single row.
  await db.schema
    .createTable('vapid_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Who is to be told of a donation, in which wave, from when: planned when it is posted.
  await db.schema
    .createTable('notification_targets')
    .addColumn('donation_id', 'integer', (c) =>
      c.notNull().references('donations.id').onDelete('cascade'),
    )
    .addColumn('association_id', 'integer', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('distance_km', 'double precision', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('wave', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('told_at', 'timestamptz')
    .addPrimaryKeyConstraint('notification_targets_pk', ['donation_id', 'association_id'])
    .execute();
  await sql`create index notification_targets_due_idx on notification_targets (due_at) where told_at is null`.execute(
    db,
  );

  // The outbox: one message per device; at most one per device and donation.
  await db.schema
    .createTable('push_deliveries')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('subscription_id', 'integer', (c) =>
      c.notNull().references('push_subscriptions.id').onDelete('cascade'),
    )
    .addColumn('donation_id', 'integer', (c) => c.references('donations.id').onDelete('cascade'))
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(
          sql`status in ('pending', 'sending', 'sent', 'failed', 'gone', 'skipped', 'unknown')`,
        ),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lease_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index push_deliveries_device_donation_uq on push_deliveries (subscription_id, donation_id) where donation_id is not null`.execute(
    db,
  );
  await sql`create index push_deliveries_due_idx on push_deliveries (next_attempt_at, id) where status = 'pending'`.execute(
    db,
  );
  await sql`create index push_deliveries_sending_idx on push_deliveries (lease_until) where status = 'sending'`.execute(
    db,
  );

  // Events for live pages, kept a while so that a reconnecting instance or page can replay them.
  await db.schema
    .createTable('app_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // One row per scheduled slot: the instance that inserts it runs the job.
  await db.schema
    .createTable('job_runs')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('instance', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>) {
  for (const t of [
    'job_runs',
    'app_events',
    'push_deliveries',
    'notification_targets',
    'vapid_keys',
    'push_subscriptions',
  ])
    await db.schema.dropTable(t).execute();
}
