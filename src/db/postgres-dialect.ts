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
import { asUnavailable, DatabaseUnavailableError, isConnectionError } from './unavailable.js';

type Sql = postgres.Sql<any>;

/**
 * Kysely over postgres.js. Unlike kysely-postgres-js, which reserves a connection for every
 * query, a plain query goes to the pool (postgres.js spreads and pipelines them over its
 * connections) and only a transaction holds one, from `begin` until `commit` or `rollback`
 * (through `sql.begin()`: see PgTransaction).
 * Reserving per query cost a queue wait under load (32 clients on 10 connections), and left
 * `end()` waiting forever after a burst.
 * A Kysely `db.connection()` is therefore not one session outside a transaction: session state
 * (SET, advisory locks) must be taken inside a transaction.
 * A lost connection (terminated backend, restart, network) reaches the app as
 * DatabaseUnavailableError (503), never as a crash.
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

/** What rollback hands postgres.js's transaction scope so that it sends ROLLBACK. */
const ROLLBACK = Symbol('rollback');

/**
 * One transaction, run by postgres.js's own `sql.begin()` with a callback that waits for Kysely to
 * commit or roll back. Not `sql.reserve()`: postgres.js 3.4.9 loses track of a reserved
 * connection whose backend dies, and the next statement on it (our ROLLBACK after the failed
 * query) writes to a socket it has set to null, from a setImmediate: an uncaught TypeError that
 * ends the process (porsager/postgres#1208, #1199); a reserve() queued when the connection dies
 * never settles (#1195). `sql.begin()` is told of the close (it rejects at once) and a BEGIN
 * queued meanwhile is sent on the new connection.
 * Once the connection is lost nothing more is sent on it: the callback is left pending, its
 * scope is garbage, and the pool reconnects by itself.
 */
class PgTransaction {
  state: 'open' | 'ending' | 'ended' | 'lost' = 'open';
  lostBy: unknown = null;
  /** the error of a statement that failed while the connection lived: the commit cannot pass */
  failed: unknown = null;
  private constructor(
    readonly sql: postgres.TransactionSql<any>,
    private readonly settle: (commit: boolean) => void,
    /** sql.begin()'s promise: settles after COMMIT or ROLLBACK, or at once if the connection closes */
    private readonly done: Promise<unknown>,
  ) {
    done.catch((e) => {
      if (this.state === 'open') this.lose(e); // the connection closed between statements
    });
  }

  static begin(pool: Sql, mode: string) {
    return new Promise<PgTransaction>((resolve, reject) => {
      let tx: PgTransaction | undefined;
      const done = pool.begin(mode, (sql) => {
        const waiting = new Promise<void>((commit, rollback) => {
          tx = new PgTransaction(sql, (ok) => (ok ? commit() : rollback(ROLLBACK)), done);
        });
        resolve(tx!);
        return waiting;
      });
      done.catch((e) => {
        if (!tx) reject(asUnavailable(e)); // BEGIN itself failed
      });
    });
  }

  lose(e: unknown) {
    this.state = 'lost';
    this.lostBy = e;
  }

  async run<T>(query: (sql: postgres.TransactionSql<any>) => Promise<T>): Promise<T> {
    if (this.state === 'lost') throw new DatabaseUnavailableError(this.lostBy);
    try {
      return await query(this.sql);
    } catch (e) {
      // decided here, before Kysely sends ROLLBACK on the same connection
      if (isConnectionError(e)) this.lose(e);
      else this.failed ??= e;
      throw asUnavailable(e);
    }
  }

  async commit() {
    if (this.state === 'lost') throw new DatabaseUnavailableError(this.lostBy);
    if (this.state !== 'open') return;
    this.state = 'ending';
    this.settle(true);
    try {
      await this.done;
    } catch (e) {
      if (isConnectionError(e)) throw asUnavailable(e); // whether COMMIT was applied is unknown
      // PostgreSQL ends a transaction whose statement failed (even if the caller caught the
      // error) with ROLLBACK: that is not a save
      if (e === this.failed) throw new AbortedTransactionError();
      throw e;
    } finally {
      this.state = 'ended';
    }
  }

  async rollback() {
    if (this.state !== 'open') return; // lost (the server rolled it back), or already ending
    this.state = 'ending';
    this.settle(false);
    try {
      await this.done;
    } catch (e) {
      if (e !== ROLLBACK && !isConnectionError(e)) throw e;
    } finally {
      this.state = 'ended';
    }
  }
}

class PostgresJsConnection implements DatabaseConnection {
  tx: PgTransaction | null = null;
  constructor(
    private readonly sql: Sql,
    private readonly prepare: boolean,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const run = (sql: postgres.Sql<any> | postgres.TransactionSql<any>) =>
      sql.unsafe(query.sql, [...query.parameters] as any[], {
        prepare: this.prepare && preparable(query),
      });
    let result: postgres.RowList<any[]>;
    if (this.tx) result = await this.tx.run(run);
    else
      try {
        result = await run(this.sql);
      } catch (e) {
        throw asUnavailable(e);
      }
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
    if (this.tx?.state === 'lost') throw new DatabaseUnavailableError(this.tx.lostBy);
    const cursor = (this.tx?.sql ?? this.sql)
      .unsafe(query.sql, [...query.parameters] as any[])
      .cursor(chunkSize);
    try {
      for await (const rows of cursor) yield { rows: rows as unknown as R[] };
    } catch (e) {
      if (this.tx && isConnectionError(e)) this.tx.lose(e);
      throw asUnavailable(e);
    }
  }

  /** Ends the transaction; its connection goes back to the pool (or is reconnected) by itself. */
  async end(how: 'commit' | 'rollback') {
    const tx = this.tx;
    if (!tx) return; // already ended (a rollback after a failed commit)
    try {
      await (how === 'commit' ? tx.commit() : tx.rollback());
    } finally {
      this.tx = null;
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
    // postgres.js sends `begin <mode>`
    const mode = [
      settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '',
      settings.accessMode ?? '',
    ]
      .filter(Boolean)
      .join(' ');
    (connection as PostgresJsConnection).tx = await PgTransaction.begin(this.sql, mode);
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
    // a transaction that never reached commit or rollback: never leave it open on the pool
    const c = connection as PostgresJsConnection;
    if (c.tx) await c.end('rollback');
  }

  async destroy() {
    await this.sql.end({ timeout: 5 }); // queries still running after 5 s are cut off
  }
}

function quoteIdent(name: string) {
  return `"${name.replace(/"/g, '""')}"`;
}
