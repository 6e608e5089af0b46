import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { assets, isFingerprinted } from '../../src/assets.js';
import { nodeStatic } from '../../src/http/static-node.js';
import { contentHash, fingerprint } from '../../src/tools/fingerprint.js';

describe('fingerprinted static files', () => {
  it('every asset named in src/assets.ts exists under static/ with a fingerprinted name', () => {
    for (const path of Object.values(assets)) {
      expect(path).toMatch(/^\/static\//);
      expect(existsSync(join('.', path)), `${path} is missing`).toBe(true);
      expect(isFingerprinted(path), `${path} has no version or hash in its name`).toBe(true);
    }
  });

  it('the stylesheet name is the hash of its content (run npm run fingerprint after editing it)', () => {
    const name = assets.css.replace('/static/', '');
    expect(name).toBe(`app-${contentHash(readFileSync(join('static', name)))}.css`);
    expect(readdirSync('static').filter((f) => f.startsWith('app-') && f.endsWith('.css'))).toEqual(
      [name],
    );
  });

  it('htmx files carry the version of the htmx.org package', () => {
    const version = JSON.parse(readFileSync('node_modules/htmx.org/package.json', 'utf8')).version;
    expect(assets.htmx).toBe(`/static/htmx-${version}.min.js`);
  });

  it('npm run fingerprint renames an edited stylesheet and rewrites assets.ts', () => {
    const root = mkdtempSync(join(tmpdir(), 'fp-'));
    mkdirSync(join(root, 'static'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'static', 'app-0000000000.css'), 'body{color:red}');
    writeFileSync(
      join(root, 'src', 'assets.ts'),
      "export const assets = {\n  css: '/static/app-0000000000.css',\n} as const;\n",
    );
    const hash = contentHash('body{color:red}');
    expect(fingerprint(root)).toEqual({ css: `/static/app-${hash}.css`, changed: true });
    expect(readdirSync(join(root, 'static'))).toEqual([`app-${hash}.css`]);
    expect(readFileSync(join(root, 'src', 'assets.ts'), 'utf8')).toContain(
      `css: '/static/app-${hash}.css'`,
    );
    expect(fingerprint(root).changed).toBe(false);
  });
});

describe('static files on Node', () => {
  const app = new Hono();
  app.use('/static/*', nodeStatic());

  it('fingerprinted files are cached for a year and marked immutable', async () => {
    for (const path of Object.values(assets)) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
    }
  });

  it('names without a fingerprint are revalidated', () => {
    expect(isFingerprinted('/static/sw.js')).toBe(false);
    expect(isFingerprinted('/static/manifest.webmanifest')).toBe(false);
    expect(isFingerprinted('/static/app-78ee79a936.css')).toBe(true);
  });

  it('an unknown file is a 404, and the path cannot leave static/', async () => {
    expect((await app.request('/static/nope-0123456789.css')).status).toBe(404);
    const res = await app.request('/static/..%2fpackage.json');
    expect(res.status).not.toBe(200);
  });
});
