import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.js';

export function migrator(db: Kysely<any>) {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

function check(result: MigrationResultSet) {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return result.results ?? [];
}

/** True when the newest migration is already recorded: one query instead of the migrator's dozen. */
async function upToDate(db: Kysely<any>) {
  const latest = Object.keys(migrations).sort().at(-1);
  try {
    const row = await sql<{
      name: string;
    }>`select name from kysely_migration order by name desc limit 1`.execute(db);
    return row.rows[0]?.name === latest;
  } catch {
    return false; // no migration table yet
  }
}

export async function migrateToLatest(db: Kysely<any>) {
  if (await upToDate(db)) return [];
  return check(await migrator(db).migrateToLatest());
}

export async function migrateDown(db: Kysely<any>) {
  return check(await migrator(db).migrateDown());
}

export async function migrateToZero(db: Kysely<any>) {
  const { NO_MIGRATIONS } = await import('kysely');
  return check(await migrator(db).migrateTo(NO_MIGRATIONS));
}
