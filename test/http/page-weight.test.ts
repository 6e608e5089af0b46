import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets } from '../../src/assets.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';

// Issue 2: a page on a phone, htmx included, weighs at most 30 KB compressed on first load.
const BUDGET = 30 * 1024;

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

/** What a first visit downloads besides the page: the stylesheet and htmx, gzipped. */
function staticBytes(paths: string[]) {
  return paths.reduce((sum, p) => sum + gzipSync(readFileSync(`.${p}`), { level: 9 }).length, 0);
}

async function pageBytes(client: Client, path: string) {
  const res = await client.get(path, { 'accept-encoding': 'gzip' });
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-encoding'), `${path} is not compressed`).toBe('gzip');
  const html = Buffer.from(await res.arrayBuffer());
  return { bytes: html.length, html: gunzipSync(html).toString('utf8') };
}

describe('page weight on first load', () => {
  const firstLoad = async (client: Client, path: string) => {
    const page = await pageBytes(client, path);
    // every stylesheet and script the page names, as a phone would fetch them
    const named = [...page.html.matchAll(/(?:href|src)="(\/static\/[^"]+\.(?:css|js))"/g)].map(
      (m) => m[1],
    );
    expect(named).toContain(assets.css);
    expect(named).toContain(assets.htmx);
    const total = page.bytes + staticBytes([...new Set(named)]);
    return { total, page: page.bytes };
  };

  it('the sign-in page, htmx and css included, stays under 30 KB compressed', async () => {
    const { app } = buildApp(t.db);
    const { total } = await firstLoad(new Client(app), '/signin');
    expect(total).toBeLessThanOrEqual(BUDGET);
  });

  for (const kind of ['shop', 'association', 'producer_org', 'territory'] as const) {
    it(`the home page of a ${kind} member stays under 30 KB compressed`, async () => {
      const { app } = buildApp(t.db);
      const { user } = await createOrgWithUser(t.db, kind);
      const client = new Client(app);
      await client.signIn(user.email, PASSWORD);
      const { total } = await firstLoad(client, '/');
      expect(total).toBeLessThanOrEqual(BUDGET);
    });
  }

  it('the home page of the platform admin stays under 30 KB compressed', async () => {
    const { app } = buildApp(t.db);
    const admin = await createUser(t.db, { isAdmin: true });
    const client = new Client(app);
    await client.signIn(admin.email, PASSWORD);
    const { total } = await firstLoad(client, '/');
    expect(total).toBeLessThanOrEqual(BUDGET);
  });

  // issue 17: the pages a phone opens most, besides the home pages above
  it.each([
    ['the feed of an association', 'association', '/feed'],
    ['the posting form of a shop', 'shop', '/donations/new'],
    ['the donations of a shop', 'shop', '/donations'],
  ] as const)('%s stays under 30 KB compressed', async (_, kind, path) => {
    const { app } = buildApp(t.db);
    const { user } = await createOrgWithUser(t.db, kind);
    const client = new Client(app);
    await client.signIn(user.email, PASSWORD);
    const { total } = await firstLoad(client, path);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });

  it('htmx and the stylesheet alone leave room for the page', () => {
    expect(staticBytes([assets.css, assets.htmx])).toBeLessThanOrEqual(BUDGET - 5 * 1024);
  });
});
