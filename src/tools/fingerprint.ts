// npm run fingerprint: after editing the stylesheet, give it a name made of its content hash
// (static/app-<10 hex of sha256>.css) and point src/assets.ts at it. Browsers cache it for a year.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function contentHash(content: Buffer | string) {
  return createHash('sha256').update(content).digest('hex').slice(0, 10);
}

/** Returns the stylesheet's public path, renaming the file and rewriting assets.ts when needed. */
export function fingerprint(root = '.'): { css: string; changed: boolean } {
  const dir = join(root, 'static');
  const found = readdirSync(dir).filter((f) => /^app-[0-9a-f]+\.css$|^app\.css$/.test(f));
  if (found.length !== 1)
    throw new Error(
      `Expected one static/app-<hash>.css (or static/app.css), found: ${found.join(', ') || 'none'}`,
    );
  const current = found[0];
  const wanted = `app-${contentHash(readFileSync(join(dir, current)))}.css`;
  if (current !== wanted) renameSync(join(dir, current), join(dir, wanted));
  const assetsPath = join(root, 'src', 'assets.ts');
  const assets = readFileSync(assetsPath, 'utf8');
  const updated = assets.replace(/(css:\s*')\/static\/[^']+(')/, `$1/static/${wanted}$2`);
  if (updated === assets && !assets.includes(`/static/${wanted}`))
    throw new Error(`No css entry to update in ${assetsPath}`);
  if (updated !== assets) writeFileSync(assetsPath, updated);
  return { css: `/static/${wanted}`, changed: current !== wanted || updated !== assets };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { css, changed } = fingerprint();
  console.log(
    changed
      ? `Stylesheet is now ${css} (src/assets.ts updated).`
      : `Stylesheet ${css} is up to date.`,
  );
}
