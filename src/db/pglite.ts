import { PGlite } from '@electric-sql/pglite';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely } from 'kysely';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is already used by process ${pid}. ` +
        `Stop that process, or set DATA_DIR to another folder (or DATABASE_URL to use PostgreSQL).`,
    );
    this.name = 'DataDirLockedError';
  }
}

export const pgliteParsers = {
  20: (x: string) => Number(x),
  1700: (x: string) => Number(x),
  1082: (x: string) => x,
};

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: any) {
    return e.code === 'EPERM';
  }
}

/** PGlite does not lock its folder and two processes on it corrupt it: take a lock file. */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, 'server.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e: any) {
      if (e.code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (pid && pid !== process.pid && isAlive(pid)) throw new DataDirLockedError(dir, pid);
      rmSync(path, { force: true }); // stale lock from a crashed process
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

export async function openPGlite(dataDir: string | null, opts: { loadDataDir?: Blob } = {}) {
  let unlock = () => {};
  let pg: PGlite;
  if (dataDir) {
    const dir = resolve(dataDir);
    mkdirSync(join(dir, 'pgdata'), { recursive: true });
    unlock = lockDataDir(dir);
    try {
      pg = await PGlite.create(join(dir, 'pgdata'), { parsers: pgliteParsers });
    } catch (e) {
      unlock();
      throw e;
    }
  } else {
    pg = await PGlite.create({ parsers: pgliteParsers, loadDataDir: opts.loadDataDir });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pg) });
  return {
    kind: 'pglite' as const,
    db,
    pg,
    async close() {
      await db.destroy();
      await pg.close();
      unlock();
    },
  };
}
