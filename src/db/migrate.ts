import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
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

export async function migrateToLatest(db: Kysely<any>) {
  return check(await migrator(db).migrateToLatest());
}

export async function migrateDown(db: Kysely<any>) {
  return check(await migrator(db).migrateDown());
}

export async function migrateToZero(db: Kysely<any>) {
  const { NO_MIGRATIONS } = await import('kysely');
  return check(await migrator(db).migrateTo(NO_MIGRATIONS));
}
