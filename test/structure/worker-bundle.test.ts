import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, ROOT } from './import-graph.js';

/** Files the Workers entry reaches at run time (type imports are erased). */
function reachedFrom(entry: string) {
  const edges = importGraph().filter((e) => !e.typeOnly);
  const seen = new Set([entry]);
  for (const file of seen) for (const e of edges) if (e.from === file) seen.add(e.to);
  return seen;
}

const IMPORTS_PACKAGE =
  /(from|import\(|require(\.resolve)?\()\s*['"`]@etalab\/decoupage-administratif/;

describe('the official list of communes stays out of the Workers bundle (13 MB)', () => {
  it('src/worker.ts reaches neither the package nor its Node reader', () => {
    const reached = reachedFrom('src/worker.ts');
    expect(reached.has('src/stats/area.ts')).toBe(true); // the area form is there, without the list
    expect(reached.has('src/places/communes-node.ts')).toBe(false);
    const importing = [...reached].filter((f) =>
      IMPORTS_PACKAGE.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(importing).toEqual([]);
  });

  it('would see it if it did (the check can fail)', () => {
    expect(reachedFrom('src/node.ts').has('src/places/communes-node.ts')).toBe(true);
    expect(
      IMPORTS_PACKAGE.test(readFileSync(join(ROOT, 'src/places/communes-node.ts'), 'utf8')),
    ).toBe(true);
  });
});
