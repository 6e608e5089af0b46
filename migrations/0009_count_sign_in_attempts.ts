import type { Kysely } from 'kysely';

/**
 * One counter row per throttled key (an e-mail and client address pair, or an address alone)
 * instead of one row per failure: an attempt is counted by one guarded upsert BEFORE the password
 * is checked, so concurrent attempts cannot all pass a check made before any of them was counted.
 */
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('sign_in_throttles')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'timestamptz', (c) => c.notNull())
    .addColumn('blocked_until', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('sign_in_throttles_last_at_idx')
    .on('sign_in_throttles')
    .column('last_at')
    .execute();
  // the old rows counted failures per e-mail alone: nothing to carry over into pairs
  await db.schema.dropTable('sign_in_failures').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sign_in_failures_key_idx')
    .on('sign_in_failures')
    .columns(['key', 'at'])
    .execute();
  await db.schema.dropTable('sign_in_throttles').execute();
}
