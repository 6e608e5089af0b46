import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

// Issue #19: the daily news limit holds when sends arrive together. On PostgreSQL the requests
// run on connections of their own, truly at once; on PGlite the driver interleaves them.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe('territory news sent at once', () => {
  it('lets exactly the day’s 3 through out of 12 parallel sends, the others 429', async () => {
    const territory = await createOrgWithUser(t.db, 'territory', {
      area_towns: JSON.stringify(['Lyon']) as any,
    });
    await createOrgWithUser(t.db, 'shop', { town: 'Lyon' });
    const built = buildApp(t.db);
    built.clock.set('2026-12-03T09:00:00+01:00');
    const api = await apiAs(built.app, territory.user.email, PASSWORD);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api.post('/territory/news', { title: `N${i}`, body: 'En même temps.' }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
    const { n } = await t.db
      .selectFrom('territory_news')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('territory_id', '=', territory.org.id)
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(3);
  });
});
