import { sql, type Kysely } from 'kysely';

/**
 * Posting a donation paid about 4 ms in the statistics trigger: stats_apply read the donation's
 * contributions through the SQL function stats_contributions(d), which PostgreSQL plans anew on
 * every call. Here stats_apply gets that function's body written in place of the call, so
 * PL/pgSQL prepares the whole statement once per connection. The body is read from the database,
 * so the trigger and stats_rebuild() keep reading the very same rules.
 * And two indexes for planning notifications: the largest radius of the associations (the width
 * of the box searched), and the fairness count (claims of an association since a date).
 */

const CALL = 'stats_contributions(d) c';

async function definitions(db: Kysely<any>) {
  const { rows } = await sql<{ apply: string; body: string; columns: string }>`
    select pg_get_functiondef('stats_apply(donations, integer)'::regprocedure) as apply, p.prosrc as body,
      (select string_agg(a.name, ', ' order by a.n) from unnest(p.proargnames, p.proargmodes) with ordinality a(name, mode, n)
        where a.mode = 't') as columns
    from pg_proc p where p.oid = 'stats_contributions(donations)'::regprocedure`.execute(db);
  // the function's result columns name the subquery's
  const inline = `(${rows[0].body.trim().replace(/;$/, '')}) c(${rows[0].columns})`;
  return { apply: rows[0].apply, inline };
}

export async function up(db: Kysely<any>) {
  const { apply, inline } = await definitions(db);
  if (!apply.includes(CALL)) throw new Error('stats_apply is not as migration 0004 wrote it');
  await sql.raw(apply.replaceAll(CALL, inline)).execute(db);
  await sql`create index donations_claimed_at_idx on donations (claimed_by, claimed_at) where claimed_at is not null`.execute(
    db,
  );
  await sql`create index organisations_kind_radius_idx on organisations (kind, radius_km)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>) {
  await sql`drop index organisations_kind_radius_idx`.execute(db);
  await sql`drop index donations_claimed_at_idx`.execute(db);
  const { apply, inline } = await definitions(db);
  if (!apply.includes(inline)) throw new Error('stats_apply is not as migration 0007 wrote it');
  await sql.raw(apply.replaceAll(inline, CALL)).execute(db);
}
