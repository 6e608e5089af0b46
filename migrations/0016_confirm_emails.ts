import { sql, type Kysely } from 'kysely';

/**
 * E-mail addresses confirmed by a link: `users.email_confirmed_at` (accounts made before this
 * count as confirmed: they predate the rule), and the links themselves, stored hashed, single use,
 * valid 24 hours. `email` is the address the link confirms: the account's own (sign-up) or the
 * new one it asked for (a change, made only when the link is opened).
 */
export async function up(db: Kysely<any>) {
  await sql`alter table users add column email_confirmed_at timestamptz`.execute(db);
  await sql`update users set email_confirmed_at = created_at`.execute(db);
  await db.schema
    .createTable('email_confirmations')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('email_confirmations_user_idx')
    .on('email_confirmations')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('email_confirmations').execute();
  await sql`alter table users drop column email_confirmed_at`.execute(db);
}
