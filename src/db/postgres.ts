import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import type { Database } from './schema.js';

export type Sql = postgres.Sql<Record<string, never>>;

/** One parsing convention for both drivers: int8 and numeric as numbers, dates as YYYY-MM-DD. */
export const pgTypes = {
  int8: { to: 20, from: [20], serialize: (x: unknown) => String(x), parse: (x: string) => Number(x) },
  numeric: {
    to: 1700,
    from: [1700],
    serialize: (x: unknown) => String(x),
    parse: (x: string) => Number(x),
  },
  date: { to: 1082, from: [1082], serialize: (x: unknown) => String(x), parse: (x: string) => x },
};

export function createPostgresClient(url: string, options: postgres.Options<any> = {}): Sql {
  return postgres(url, {
    max: 10,
    onnotice: () => {},
    types: pgTypes as any,
    ...options,
  }) as unknown as Sql;
}

export function openPostgres(url: string, options: postgres.Options<any> = {}) {
  const sql = createPostgresClient(url, options);
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql as any }) });
  return {
    kind: 'postgres' as const,
    db,
    sql,
    async close() {
      await db.destroy();
    },
  };
}
