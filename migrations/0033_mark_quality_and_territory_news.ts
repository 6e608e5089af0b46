import { sql, type Kysely } from 'kysely';

/**
 * Issue #19. What a shop may mark at posting about the quality of what it gives, in one tap each
 * (all optional): fresh produce, a quality or origin label (organic, Label Rouge, AOP/IGP) and
 * local food (the shop's own production, or from within 100 km). Fruit and vegetables are the
 * category `fruit_vegetables` already. The dashboards share them out by kg picked up.
 *
 * And the short news items a territory sends to the organisations of its area: kept, listed on
 * its page and on theirs (to the organisations of the area when it was sent); the count of a
 * Paris day bounds how many it may send.
 */
export async function up(db: Kysely<any>) {
  await sql`alter table donations
    add column fresh_produce boolean not null default false,
    add column quality_label text null
      check (quality_label in ('organic', 'label_rouge', 'aop_igp')),
    add column local_origin text null
      check (local_origin in ('own_production', 'within_100km'))`.execute(db);
  await sql`create table territory_news (
    id integer generated always as identity primary key,
    territory_id integer not null references organisations (id) on delete cascade,
    title text not null check (char_length(title) between 1 and 120),
    body text not null check (char_length(body) between 1 and 2000),
    created_by integer null references users (id) on delete set null,
    created_at timestamptz not null,
    recipients integer not null default 0 check (recipients >= 0)
  )`.execute(db);
  await sql`create index territory_news_territory_idx on territory_news (territory_id, created_at desc)`.execute(
    db,
  );
  // the organisations it was sent to, as the area was then: each sees it on its home page
  await sql`create table territory_news_organisations (
    news_id integer not null references territory_news (id) on delete cascade,
    organisation_id integer not null references organisations (id) on delete cascade,
    primary key (news_id, organisation_id)
  )`.execute(db);
  await sql`create index territory_news_organisations_org_idx
    on territory_news_organisations (organisation_id, news_id)`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop table territory_news_organisations`.execute(db);
  await sql`drop table territory_news`.execute(db);
  await sql`alter table donations drop column fresh_produce, drop column quality_label,
    drop column local_origin`.execute(db);
}
