import { Kysely } from 'kysely';
import postgres from 'postgres';
import type { Database } from './schema.js';
import { PostgresJsDialect } from './postgres-dialect.js';

export type Sql = postgres.Sql<Record<string, never>>;

function jsonText(x: unknown) {
  return typeof x === 'string' ? x : JSON.stringify(x);
}

/** One parsing convention for both drivers: int8 and numeric as numbers, dates as YYYY-MM-DD. */
export const pgTypes = {
  int8: {
    to: 20,
    from: [20],
    serialize: (x: unknown) => String(x),
    parse: (x: string) => Number(x),
  },
  numeric: {
    to: 1700,
    from: [1700],
    serialize: (x: unknown) => String(x),
    parse: (x: string) => Number(x),
  },
  // jsonb values are written as JSON text (as PGlite takes them); objects are stringified
  json: { to: 114, from: [114], serialize: jsonText, parse: (x: string) => JSON.parse(x) },
  jsonb: { to: 3802, from: [3802], serialize: jsonText, parse: (x: string) => JSON.parse(x) },
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
  const db = new Kysely<Database>({
    dialect: new PostgresJsDialect(sql, { prepare: options.prepare ?? true }),
  });
  return {
    kind: 'postgres' as const,
    db,
    sql,
    async close() {
      await db.destroy();
    },
  };
}
