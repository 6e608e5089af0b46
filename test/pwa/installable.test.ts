import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeStatic } from '../../src/http/static-node.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

// Issue 17: the site installs as an app: manifest, icons, favicon, one service worker for the
// whole site, an offline page in each language; no page links a file that is missing.
let t: TestDatabase;
let client: Client;
beforeAll(async () => {
  t = await openTestDatabase();
  const { app } = buildApp(t.db, { serveStatic: nodeStatic() });
  client = new Client(app);
});
afterAll(async () => {
  await t?.close();
});

/** Width and height from a PNG's IHDR, after checking its signature. */
function pngSize(buf: Buffer) {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(buf.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('the installable app', () => {
  it('the manifest is JSON with what an install needs, in French', async () => {
    const res = await client.get('/manifest.webmanifest');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const m = JSON.parse(await res.text());
    expect(m).toMatchObject({
      name: 'Surplus Link',
      short_name: 'Surplus Link',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      lang: 'fr',
      theme_color: '#0b6e4f',
      background_color: '#ffffff',
    });
    const sizes = (purpose: string) =>
      m.icons.filter((i: any) => i.purpose === purpose).map((i: any) => i.sizes);
    expect(sizes('any')).toEqual(expect.arrayContaining(['192x192', '512x512', 'any']));
    expect(sizes('maskable')).toEqual(['192x192', '512x512']);
  });

  it('each icon of the manifest answers, with the size it claims', async () => {
    const m = JSON.parse(await (await client.get('/manifest.webmanifest')).text());
    for (const icon of m.icons) {
      const res = await client.get(icon.src);
      expect(res.status, icon.src).toBe(200);
      expect(res.headers.get('content-type'), icon.src).toContain(icon.type);
      const body = Buffer.from(await res.arrayBuffer());
      if (icon.type === 'image/png') {
        const [w, h] = icon.sizes.split('x').map(Number);
        expect(pngSize(body), icon.src).toEqual({ width: w, height: h });
      } else expect(body.toString('utf8')).toMatch(/^<svg [^>]*viewBox="0 0 100 100"/);
    }
  });

  it('/favicon.ico is an icon of 32 px', async () => {
    const res = await client.get('/favicon.ico');
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect([body.readUInt16LE(0), body.readUInt16LE(2), body.readUInt16LE(4)]).toEqual([0, 1, 1]);
    expect(pngSize(body.subarray(body.readUInt32LE(18)))).toEqual({ width: 32, height: 32 });
  });

  it('the one service worker may control the whole site, and stays fresh', async () => {
    const res = await client.get('/static/sw.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('service-worker-allowed')).toBe('/');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const sw = await res.text();
    // push and offline in one file
    for (const event of ['install', 'fetch', 'push', 'notificationclick'])
      expect(sw).toContain(`addEventListener('${event}'`);
    expect(readFileSync('static/pwa.js', 'utf8')).toContain(
      "register('/static/sw.js', { scope: '/' })",
    );
  });

  it('the offline page is in French and in English, and sets no cookie', async () => {
    const fr = await client.get('/offline/fr');
    expect(fr.status).toBe(200);
    expect(fr.headers.get('set-cookie')).toBeNull();
    const frHtml = await fr.text();
    expect(frHtml).toContain('<html lang="fr">');
    expect(frHtml).toContain('Pas de connexion');
    // cached once, shown to anyone: no one's menu, no sign-in offer to a signed-in user; the name
    // leads home
    expect(frHtml).not.toContain('<nav');
    expect(frHtml).not.toContain('href="/signin"');
    expect(frHtml).toContain('<a href="/" class="brand">');
    const en = await (await client.get('/offline/en')).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('No connection');
    expect((await client.get('/offline/de')).status).toBe(404);
  });

  it('pages say their language, and every file they link answers 200', async () => {
    const { user } = await createOrgWithUser(t.db, 'association');
    const signedIn = new Client(buildApp(t.db, { serveStatic: nodeStatic() }).app);
    await signedIn.signIn(user.email, PASSWORD);
    for (const [c, path] of [
      [client, '/signin'],
      [signedIn, '/'],
      [signedIn, '/feed'],
    ] as const) {
      const res = await c.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-language'), path).toBe('fr');
      const html = await res.text();
      expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"');
      const linked = [...html.matchAll(/<(?:link|script)[^>]*(?:href|src)="(\/[^"]*)"/g)].map(
        (m) => m[1]!,
      );
      expect(linked).toContain('/static/pwa.js');
      for (const href of new Set(linked))
        expect((await c.get(href)).status, `${path} links ${href}`).toBe(200);
    }
  });
});
