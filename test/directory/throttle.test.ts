import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.js';
import { DIRECTORY_PAGES_PER_MINUTE } from '../../src/directory/throttle.js';
import { buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';

// Issue 19, what was left: the public directory's pages are counted per client address in the
// database, atomically, so that every instance of a region shares the count (it was in memory,
// per process: N instances let N times the limit through). Both engines.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const PAGE = 'http://localhost/territories/999999/directory';
const JSON_PAGE = 'http://localhost/api/v1/territories/999999/directory';
let minute = 0;
/** An app whose clock is in a minute no other test of the file counted in. */
function appAt(db = t.db, at = ++minute) {
  const built = buildApp(db);
  built.clock.set(new Date(Date.parse('2026-11-28T10:00:00Z') + at * 3_600_000));
  return built;
}

describe('the public directory throttle', () => {
  it(`${DIRECTORY_PAGES_PER_MINUTE} + 12 pages at once from one address: exactly ${DIRECTORY_PAGES_PER_MINUTE} served`, async () => {
    const { app } = appAt();
    const statuses = await Promise.all(
      Array.from({ length: DIRECTORY_PAGES_PER_MINUTE + 12 }, (_, i) =>
        Promise.resolve(app.request(i % 2 ? PAGE : JSON_PAGE)).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 404)).toHaveLength(DIRECTORY_PAGES_PER_MINUTE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12);
  });

  it('two app instances on one database share the count, pages and JSON together', async () => {
    // on PostgreSQL the second instance has its own connections, as another process would
    const other = t.url ? openPostgres(t.url) : null;
    try {
      const at = ++minute;
      const a = appAt(t.db, at).app;
      const b = appAt(other?.db ?? t.db, at).app;
      const half = DIRECTORY_PAGES_PER_MINUTE / 2;
      for (let i = 0; i < half; i++) expect((await a.request(PAGE)).status).toBe(404);
      for (let i = 0; i < half; i++) expect((await b.request(JSON_PAGE)).status).toBe(404);
      const refused = await a.request(PAGE);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await b.request(PAGE)).status).toBe(429);
      const json = await b.request(JSON_PAGE);
      expect(json.status).toBe(429);
      // another client address is counted apart
      const c = buildApp(t.db, {
        config: {
          trustProxy: 1,
          pushAllowInsecureEndpoints: true,
          vapidSubject: 'mailto:test@example.org',
        },
      });
      c.clock.set(new Date(Date.parse('2026-11-28T10:00:00Z') + at * 3_600_000));
      expect(
        (await c.app.request(PAGE, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status,
      ).toBe(404);
    } finally {
      await other?.close();
    }
  });

  it('a minute later, the same address is served again', async () => {
    const { app, clock } = appAt();
    for (let i = 0; i < DIRECTORY_PAGES_PER_MINUTE; i++) await app.request(PAGE);
    expect((await app.request(PAGE)).status).toBe(429);
    clock.advance(60_000);
    expect((await app.request(PAGE)).status).toBe(404);
  });
});
