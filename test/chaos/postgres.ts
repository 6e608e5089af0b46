import postgres from 'postgres';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/postgres.js';
import { freshDatabase } from '../bench/lib.js';

/** The PostgreSQL the chaos run was given (TEST_DATABASE_URL), if any. */
export const baseUrl = process.env.TEST_DATABASE_URL ?? null;

/**
 * A fresh, migrated database beside TEST_DATABASE_URL's, named after it (so CI's clean-up of
 * `<db>%` drops it if a run dies), with an admin connection that can terminate its backends.
 */
export async function chaosDatabase(tag: string) {
  const base = baseUrl!;
  const name = `${new URL(base).pathname.slice(1) || 'test'}_chaos_${tag}_${process.pid}`;
  const url = await freshDatabase(base, name);
  const handle = openPostgres(url, { max: 4 });
  await migrateToLatest(handle.db);
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  return {
    url,
    name,
    db: handle.db,
    /** pg_terminate_backend on every other backend of the database: how many it ended */
    async terminateAll() {
      const rows = await admin<{ ended: boolean }[]>`
        select pg_terminate_backend(pid) as ended from pg_stat_activity
        where datname = ${name} and pid <> pg_backend_pid()`;
      return rows.filter((r) => r.ended).length;
    },
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
