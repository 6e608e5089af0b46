import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * postgres.js 3.4.9 reserves a transaction's connection in a hook that its execute() skips when
 * BEGIN is the query that fills a connection's pipeline (or meets a full socket buffer): BEGIN
 * reaches the server, the connection is not reserved, the transaction fails with
 * UNSAFE_TRANSACTION and other requests' statements may run inside it (porsager/postgres#823,
 * #1189, #1204). src/tools/patch-postgres.mjs mends it at install; this test breaks without it.
 * A small pipeline (2) and busy connections make the boundary certain instead of rare.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe.skipIf(process.env.TEST_DB !== 'postgres')('transactions on a busy pool', () => {
  it('each BEGIN holds its own connection: no UNSAFE_TRANSACTION, no stranger inside', async () => {
    const pool = openPostgres(t.url!, { max: 3, max_pipeline: 2 } as never);
    try {
      const failures: string[] = [];
      const strangersInside: string[] = [];
      // open connections (a connection still connecting takes no pipeline)
      await Promise.all([0, 1, 2].map(() => sql`select 1`.execute(pool.db)));
      // a varying number of plain queries ahead of the BEGINs puts some BEGIN at each place in a pipeline
      for (let round = 0; round < 14; round++) {
        const busy = [0, 1, 2].map(() => sql`select pg_sleep(0.15)`.execute(pool.db));
        const plain = Array.from({ length: round % 7 }, () =>
          sql<{ tag: string | null }>`select current_setting('sl.tx', true) as tag`
            .execute(pool.db)
            .then((r) => {
              const tag = r.rows[0].tag;
              if (tag) strangersInside.push(tag);
            }),
        );
        await new Promise((r) => setImmediate(r)); // the sleeps and plain queries are sent
        const txs = Array.from({ length: 5 }, (_, i) =>
          pool.db
            .transaction()
            .execute(async (trx) => {
              await sql`select set_config('sl.tx', ${`r${round}t${i}`}, true)`.execute(trx);
              const seen = await sql<{
                tag: string;
              }>`select current_setting('sl.tx') as tag`.execute(trx);
              expect(seen.rows[0].tag).toBe(`r${round}t${i}`);
            })
            .catch((e) => failures.push(String(e?.message ?? e))),
        );
        await Promise.all([...busy, ...plain, ...txs]);
      }
      expect(failures).toEqual([]);
      expect(strangersInside).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});
