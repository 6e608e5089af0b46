import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateDown, migrateToLatest, migrateToZero } from '../../src/db/migrate.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser } from '../helpers/factories.js';

const run = promisify(execFile);

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const KYSELY = ['kysely_migration', 'kysely_migration_lock'];
const FOUNDATION = [
  'organisations',
  'users',
  'memberships',
  'sessions',
  'api_tokens',
  'invitations',
  'sign_in_throttles',
];

async function tables(db: Kysely<any>) {
  const { rows } = await sql<{ table_name: string; table_type: string }>`
    select table_name, table_type from information_schema.tables
    where table_schema = 'public' order by table_name`.execute(db);
  return rows.map((r) => `${r.table_name}${r.table_type === 'VIEW' ? ' (view)' : ''}`);
}

/** Everything a migration can leave behind in the public schema, to compare before and after. */
async function schemaSnapshot(db: Kysely<any>) {
  const columns = await sql<{ c: string }>`
    select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as c
    from information_schema.columns where table_schema = 'public' order by 1`.execute(db);
  const indexes = await sql<{
    c: string;
  }>`select indexname || ': ' || indexdef as c from pg_indexes where schemaname = 'public' order by 1`.execute(
    db,
  );
  const routines = await sql<{ c: string }>`
    select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(p.prosrc) as c
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' order by 1`.execute(
    db,
  );
  const triggers = await sql<{ c: string }>`
    select event_object_table || '.' || trigger_name || ' ' || event_manipulation as c
    from information_schema.triggers where trigger_schema = 'public' order by 1`.execute(db);
  const constraints = await sql<{ c: string }>`
    select table_name || '.' || constraint_type || ' ' || count(*) as c from information_schema.table_constraints
    where constraint_schema = 'public' and constraint_type <> 'NOT NULL' group by table_name, constraint_type order by 1`.execute(
    db,
  );
  const types = await sql<{ c: string }>`
    select t.typname as c from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where n.nspname = 'public' and t.typtype in ('e', 'd', 'c') and not exists (select 1 from pg_class c where c.reltype = t.oid)
    order by 1`.execute(db);
  return {
    tables: await tables(db),
    columns: columns.rows.map((r) => r.c),
    indexes: indexes.rows.map((r) => r.c),
    routines: routines.rows.map((r) => r.c),
    triggers: triggers.rows.map((r) => r.c),
    constraints: constraints.rows.map((r) => r.c),
    types: types.rows.map((r) => r.c),
  };
}

describe(`migrations (${process.env.TEST_DB})`, () => {
  it('are at the latest, and migrating again does nothing', async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
    expect(await migrateToLatest(t.db)).toEqual([]);
    const applied = await sql<{
      name: string;
    }>`select name from kysely_migration order by name`.execute(t.db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    expect(await tables(t.db)).toEqual(expect.arrayContaining([...FOUNDATION, ...KYSELY]));
  });

  it('go down to zero, leaving nothing behind, even with data in the tables, and come back identical', async () => {
    const before = await schemaSnapshot(t.db);
    expect(before.columns).toContain('organisations.name text NO ');
    expect(before.indexes.some((i) => i.startsWith('users_email_key: CREATE UNIQUE INDEX'))).toBe(
      true,
    );
    expect(before.constraints).toContain('memberships.FOREIGN KEY 2');
    // rows that reference each other, as a running site has
    await createOrgWithUser(t.db, 'association');
    await createUser(t.db, { isAdmin: true });

    const down = await migrateToZero(t.db);
    expect(down.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => 'Success'));
    expect(down.map((r) => r.migrationName)).toEqual(Object.keys(migrations).reverse());
    expect(down.every((r) => r.direction === 'Down')).toBe(true);
    const empty = await schemaSnapshot(t.db);
    expect(empty.tables).toEqual(KYSELY);
    expect(empty.routines).toEqual([]);
    expect(empty.triggers).toEqual([]);
    expect(empty.types).toEqual([]);
    expect(empty.indexes.filter((i) => !KYSELY.some((k) => i.includes(`ON public.${k} `)))).toEqual(
      [],
    );
    expect(await migrateToZero(t.db)).toEqual([]); // nothing more to undo

    const up = await migrateToLatest(t.db);
    expect(up.map((r) => r.migrationName)).toEqual(Object.keys(migrations));
    expect(up.every((r) => r.status === 'Success' && r.direction === 'Up')).toBe(true);
    expect(await schemaSnapshot(t.db)).toEqual(before);
    expect(await migrateToLatest(t.db)).toEqual([]);
    // the tables work again, from empty
    expect(await t.db.selectFrom('users').select('id').execute()).toEqual([]);
    await createOrgWithUser(t.db, 'shop');
  });

  it('each migration goes down and up on its own', async () => {
    const before = await schemaSnapshot(t.db);
    const names = Object.keys(migrations);
    for (let i = names.length - 1; i >= 0; i--) {
      const [r] = await migrateDown(t.db);
      expect(r).toMatchObject({ migrationName: names[i], direction: 'Down', status: 'Success' });
    }
    expect(await tables(t.db)).toEqual(KYSELY);
    await migrateToLatest(t.db);
    expect(await schemaSnapshot(t.db)).toEqual(before);
  });

  it('`npm run migrate` applies the migrations once, then has nothing to do', async () => {
    const env: Record<string, string> = { ...(process.env as Record<string, string>) };
    delete env.DATABASE_URL;
    let dir: string | null = null;
    if (t.kind === 'postgres') env.DATABASE_URL = t.url!;
    else env.DATA_DIR = dir = mkdtempSync(join(tmpdir(), 'sl-migrate-'));
    try {
      const cli = () =>
        run(process.execPath, ['--import', 'tsx', 'src/db/migrate-cli.ts'], {
          env,
          timeout: 120_000,
        });
      if (dir) {
        const first = await cli();
        for (const name of Object.keys(migrations))
          expect(first.stdout).toContain(`Up ${name}: Success`);
      }
      const again = await cli();
      expect(again.stdout).toContain('Nothing to do');
      expect(again.stdout).not.toContain('Success');
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
