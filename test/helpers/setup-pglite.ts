import { mkdirSync, writeFileSync } from 'node:fs';
import { openPGlite } from '../../src/db/pglite.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const TEMPLATE = '.tmp/pglite-template.tar.gz';

/** Migrate once and keep a dump; each test file starts from it (initdb takes seconds). */
export default async function setup() {
  const { db, pg, close } = await openPGlite(null);
  await migrateToLatest(db);
  const dump = await pg.dumpDataDir('gzip');
  mkdirSync('.tmp', { recursive: true });
  writeFileSync(TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await close();
}
