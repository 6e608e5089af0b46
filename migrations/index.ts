import type { Migration } from 'kysely';
import * as m0001 from './0001_create_accounts.js';

/** A static list, so the same migrations bundle for Workers and run on Node without a file system. */
export const migrations: Record<string, Migration> = {
  '0001_create_accounts': m0001,
};
