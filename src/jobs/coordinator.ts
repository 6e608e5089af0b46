import type { Kysely } from 'kysely';
import type { RunCoordinator } from 'node-cron';
import type { Database } from '../db/schema.js';

/**
 * Exactly one run per job and slot across instances: the instance whose insert of the key
 * (`name:slot`) goes through runs it. A plain row insert works through poolers (no advisory locks).
 */
export function rowClaimCoordinator(db: Kysely<Database>, instance: string): RunCoordinator {
  return {
    async shouldRun(key: string) {
      const row = await db
        .insertInto('job_runs')
        .values({ key, instance, finished_at: null })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      return !!row;
    },
    async onComplete(key: string) {
      await db
        .updateTable('job_runs')
        .set({ finished_at: new Date() })
        .where('key', '=', key)
        .where('instance', '=', instance)
        .execute();
    },
  };
}
