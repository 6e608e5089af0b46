import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { openPGlite } from '../../src/db/pglite.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** Migrate once and keep a dump; each test file starts from it (initdb takes seconds). */
export default async function setup({
  provide,
}: {
  provide: (key: string, value: unknown) => void;
}) {
  // one file per run, so that several runs at once do not overwrite each other's template
  const TEMPLATE = `.tmp/pglite-template-${process.pid}.tar.gz`;
  const { db, pg, close } = await openPGlite(null);
  await migrateToLatest(db);
  const dump = await pg.dumpDataDir('gzip');
  mkdirSync('.tmp', { recursive: true });
  writeFileSync(TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await close();
  provide('pgliteTemplate', TEMPLATE);
  return () => rmSync(TEMPLATE, { force: true });
}
