import type { Kysely, Transaction } from 'kysely';

/**
 * Runs `fn` in a transaction: the caller's when `db` is one already (a series edit changes its
 * occurrences inside its own), else a new one. Kysely refuses nested `transaction()` calls, so a
 * domain function that owns its transaction when called alone goes through this.
 */
export function inTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<DB>) : db.transaction().execute(fn);
}
