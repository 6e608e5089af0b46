import {
  AbortedTransactionError,
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type postgres from 'postgres';

type Sql = postgres.Sql<any>;
type Reserved = postgres.ReservedSql<any>;

/**
 * Kysely over postgres.js. Unlike kysely-postgres-js, which reserves a connection for every
 * query, a plain query goes to the pool (postgres.js spreads and pipelines them over its
 * connections) and only a transaction reserves one, from `begin` until `commit` or `rollback`.
 * Reserving per query cost a queue wait under load (32 clients on 10 connections), and left
 * `end()` waiting forever after a burst.
 * A Kysely `db.connection()` is therefore not one session outside a transaction: session state
 * (SET, advisory locks) must be taken inside a transaction.
 *
 * Queries are named prepared statements (`prepare`, on by default): postgres.js's `unsafe()` would
 * otherwise parse and describe every parameterised query in a round trip of its own before
 * running it, and PostgreSQL would plan it anew each time. Statements whose text varies with the
 * number of values (IN lists, multi-row inserts) are prepared only up to MAX_PREPARED_PARAMS
 * values, so a connection keeps a bounded number of them. Aggregates (GROUP BY: the statistics)
 * are not prepared: after five runs PostgreSQL may keep a generic plan for a prepared statement,
 * and for the dashboards that plan was slower than one made for the actual scope and period
 * (p50 74 ms instead of 48 ms in the statistics benchmark).
 */
export class PostgresJsDialect implements Dialect {
  constructor(
    private readonly sql: Sql,
    private readonly options: { prepare?: boolean } = {},
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PostgresJsDriver(this.sql, this.options.prepare ?? true);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}

const MAX_PREPARED_PARAMS = 64;

function preparable(query: CompiledQuery) {
  return query.parameters.length <= MAX_PREPARED_PARAMS && !/\bgroup\s+by\b/i.test(query.sql);
}

class PostgresJsConnection implements DatabaseConnection {
  reserved: Reserved | null = null;
  constructor(
    private readonly sql: Sql,
    private readonly prepare: boolean,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await (this.reserved ?? this.sql).unsafe(
      query.sql,
      [...query.parameters] as any[],
      { prepare: this.prepare && preparable(query) },
    );
    const { command, count } = result;
    return {
      numAffectedRows:
        command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE'
          ? BigInt(count)
          : undefined,
      rows: Array.from(result.values()) as R[],
    };
  }

  async *streamQuery<R>(
    query: CompiledQuery,
    chunkSize = 100,
  ): AsyncIterableIterator<QueryResult<R>> {
    const cursor = (this.reserved ?? this.sql)
      .unsafe(query.sql, [...query.parameters] as any[])
      .cursor(chunkSize);
    for await (const rows of cursor) yield { rows: rows as unknown as R[] };
  }

  release() {
    this.reserved?.release();
    this.reserved = null;
  }

  /** Ends the transaction, then gives its connection back to the pool whatever happened. */
  async end(how: 'commit' | 'rollback') {
    const reserved = this.reserved;
    if (!reserved) return; // already ended (a rollback after a failed commit)
    try {
      const result = await reserved.unsafe(how);
      // PostgreSQL answers COMMIT with ROLLBACK, and no error, when a statement of the
      // transaction failed: that is not a success
      if (how === 'commit' && result.command === 'ROLLBACK') throw new AbortedTransactionError();
    } finally {
      this.release();
    }
  }
}

class PostgresJsDriver implements Driver {
  constructor(
    private readonly sql: Sql,
    private readonly prepare: boolean,
  ) {}
  async init() {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PostgresJsConnection(this.sql, this.prepare);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const c = connection as PostgresJsConnection;
    c.reserved = await this.sql.reserve();
    let begin = 'begin';
    if (settings.isolationLevel || settings.accessMode)
      begin = [
        'start transaction',
        settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '',
        settings.accessMode ?? '',
      ].join(' ');
    try {
      await c.executeQuery(CompiledQuery.raw(begin));
    } catch (e) {
      c.release();
      throw e;
    }
  }

  commitTransaction(connection: DatabaseConnection) {
    return (connection as PostgresJsConnection).end('commit');
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return (connection as PostgresJsConnection).end('rollback');
  }

  async savepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdent(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteIdent(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteIdent(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection) {
    // a transaction that never reached commit or rollback: never hand it back to the pool open
    const c = connection as PostgresJsConnection;
    if (c.reserved) await c.end('rollback');
  }

  async destroy() {
    await this.sql.end({ timeout: 5 }); // queries still running after 5 s are cut off
  }
}

function quoteIdent(name: string) {
  return `"${name.replace(/"/g, '""')}"`;
}
