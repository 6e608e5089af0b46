import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../src/accounts/domain.js';
import { openPostgres } from '../../src/db/postgres.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

// A region's instances start together, each with ADMIN_EMAIL and ADMIN_PASSWORD: each sees no
// admin yet, and all but one meet the unique e-mail when they insert. None of them may stop.
describe('ensureAdmin on instances started together', () => {
  it('creates one admin, and the others go on', async () => {
    // on PostgreSQL each "instance" has its own connections, so the inserts really race there
    const handles = t.url ? [1, 2, 3].map(() => openPostgres(t.url!, { max: 1 })) : [];
    const dbs = handles.length ? handles.map((h) => h.db) : [t.db, t.db, t.db];
    try {
      const ids = await Promise.all(
        dbs.map((db) => ensureAdmin(db, 'admin@region.example', 'region-admin-password-1')),
      );
      expect(ids.filter((id) => id !== null)).toHaveLength(1);
      const admins = await t.db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('is_admin', '=', true)
        .execute();
      expect(admins).toEqual([
        { id: ids.find((id) => id !== null), email: 'admin@region.example' },
      ]);
    } finally {
      for (const h of handles) await h.close();
    }
  });
});
