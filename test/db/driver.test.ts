import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgArray } from '../../src/db/arrays.js';
import { openPostgres } from '../../src/db/postgres.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe('array parameters', () => {
  it('reach the database as the values they were, numbers, text with quotes, dates and nulls', async () => {
    const when = new Date('2026-11-27T08:15:30.250Z');
    const { rows } = await sql<{ n: number; x: number; s: string; d: Date | null }>`
      select * from unnest(${pgArray([1, -2])}::int[], ${pgArray([1.5, 0.1])}::float8[],
        ${pgArray(['a "b" \\ c,{d}', 'NULL'])}::text[], ${pgArray([when, null])}::timestamptz[]) as t(n, x, s, d)`.execute(
      t.db,
    );
    expect(rows.map((r) => ({ ...r, d: r.d && new Date(r.d).toISOString() }))).toEqual([
      { n: 1, x: 1.5, s: 'a "b" \\ c,{d}', d: when.toISOString() },
      { n: -2, x: 0.1, s: 'NULL', d: null },
    ]);
  });

  it('refuses what has no array text', () => {
    expect(() => pgArray([NaN])).toThrow(RangeError);
    expect(pgArray([])).toBe('{}');
  });
});

describe('transactions', () => {
  it('refuse to report a commit of a transaction whose statement failed as a success', async () => {
    const attempt = t.db.transaction().execute(async (trx) => {
      try {
        await sql`select 1 / 0`.execute(trx);
      } catch {
        // swallowed on purpose: the transaction is aborted all the same
      }
      return 'saved?';
    });
    await expect(attempt).rejects.toThrow();
    // and the connection is usable afterwards
    expect((await sql<{ n: number }>`select 1 as n`.execute(t.db)).rows[0].n).toBe(1);
  });
});

describe.skipIf(process.env.TEST_DB !== 'postgres')('prepared statements on PostgreSQL', () => {
  it('prepare plain queries, but not aggregates nor queries with more than 64 values', async () => {
    // one connection, so that pg_prepared_statements (per session) sees every statement
    const one = openPostgres(t.url!, { max: 1 });
    try {
      const prepared = async (marker: string) =>
        (
          await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements
            where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`.execute(
            one.db,
          )
        ).rows[0].n;
      await sql`select ${1}::int as plain_marker`.execute(one.db);
      await sql`select count(*) as grouped_marker from (values (${1}::int)) v(x) group by x`.execute(
        one.db,
      );
      const many = Array.from({ length: 65 }, (_, i) => i);
      await sql`select 1 as wide_marker where 1 in (${sql.join(many)})`.execute(one.db);
      expect(await prepared('plain_marker')).toBe(1);
      expect(await prepared('grouped_marker')).toBe(0);
      expect(await prepared('wide_marker')).toBe(0);
    } finally {
      await one.close();
    }
  });
});
