import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import postgres from 'postgres';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { openPGlite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';
import { templateName } from './setup-postgres.js';

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  db: Kysely<Database>;
  url: string | null;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A migrated database of its own for one test file: PGlite from the dump, or a PostgreSQL copy. */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_DB === 'postgres') {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `${templateName(base).replace(/_template$/, '')}_f${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    for (let i = 0; ; i++) {
      try {
        await admin.unsafe(`create database "${name}" template "${templateName(base)}"`);
        break;
      } catch (e: any) {
        // the template is busy while another file copies it: try again
        if (i > 50 || !/being accessed/.test(String(e.message))) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    const u = new URL(base);
    u.pathname = `/${name}`;
    const handle = openPostgres(u.toString());
    return {
      kind: 'postgres',
      db: handle.db,
      url: u.toString(),
      ping: async () => void (await sql`select 1`.execute(handle.db)),
      async close() {
        await handle.close();
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      },
    };
  }
  const dump = new Blob([readFileSync(inject('pgliteTemplate' as never) as string)]);
  const handle = await openPGlite(null, { loadDataDir: dump });
  return {
    kind: 'pglite',
    db: handle.db,
    url: null,
    ping: async () => void (await sql`select 1`.execute(handle.db)),
    close: () => handle.close(),
  };
}
