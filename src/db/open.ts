import { sql, type Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from './schema.js';

export interface OpenDatabase {
  kind: 'pglite' | 'postgres';
  db: Kysely<Database>;
  close(): Promise<void>;
  ping(): Promise<void>;
}

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded database under DATA_DIR. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<OpenDatabase> {
  const handle = config.databaseUrl
    ? (await import('./postgres.js')).openPostgres(config.databaseUrl)
    : await (await import('./pglite.js')).openPGlite(config.dataDir);
  return {
    kind: handle.kind,
    db: handle.db,
    close: () => handle.close(),
    ping: async () => {
      await sql`select 1`.execute(handle.db);
    },
  };
}
