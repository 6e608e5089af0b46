import { sql, type Kysely } from 'kysely';

/**
 * Issue #19, what was left: a regular donation carries the quality marks a shop may tap at
 * posting (migration 0033: fresh produce, a quality or origin label, local food), so that every
 * occurrence its job posts carries them too. Series made before keep none, as they posted.
 */
export async function up(db: Kysely<any>) {
  await sql`alter table donation_series
    add column fresh_produce boolean not null default false,
    add column quality_label text null
      check (quality_label in ('organic', 'label_rouge', 'aop_igp')),
    add column local_origin text null
      check (local_origin in ('own_production', 'within_100km'))`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`alter table donation_series drop column fresh_produce, drop column quality_label,
    drop column local_origin`.execute(db);
}
