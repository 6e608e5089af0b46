import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { CommuneIndex } from './communes.js';

/**
 * The commune index from the installed @etalab/decoupage-administratif, read from its files on
 * the first call and kept (a few MB once built; about 30 MB passes through while the JSON is read).
 * Node only: the Workers bundle never reaches this file, so the 13 MB of data stay out of it.
 */
let loading: Promise<CommuneIndex> | null = null;

async function readIndex() {
  const require = createRequire(import.meta.url);
  const file = (name: string) =>
    readFile(require.resolve(`@etalab/decoupage-administratif/data/${name}.json`), 'utf8');
  const departements = JSON.parse(await file('departements'));
  const epci = JSON.parse(await file('epci'));
  const communes = JSON.parse(await file('communes'));
  return new CommuneIndex({ communes, epci, departements });
}

export function loadCommuneIndex(): Promise<CommuneIndex> {
  loading ??= readIndex().catch((e) => {
    loading = null; // a failed read is tried again next time
    throw e;
  });
  return loading;
}
