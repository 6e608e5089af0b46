import { sql, type Kysely } from 'kysely';

/**
 * A territory's area by official communes: the parts the admin chose (a commune, an EPCI or a
 * département, by INSEE or SIREN code, with the name and commune count they had then, so the form
 * shows them again without the list of communes at hand), and the INSEE codes they resolved to
 * when the area was saved (a commune with municipal arrondissements, Lyon, Paris, Marseille,
 * brings their codes, which is what the geocoder gives). Membership is then a join on
 * organisations.citycode. The town names of migration 0004 stay until the area is edited.
 */
export async function up(db: Kysely<any>) {
  await sql`create table territory_area_parts (
    territory_id integer not null references organisations (id) on delete cascade,
    kind text not null check (kind in ('commune', 'epci', 'departement')),
    code text not null check (code ~ '^[0-9AB]{2,9}$'),
    name text not null check (char_length(name) <= 200),
    communes integer not null check (communes >= 0),
    position integer not null,
    primary key (territory_id, kind, code)
  )`.execute(db);
  await sql`create table territory_communes (
    territory_id integer not null references organisations (id) on delete cascade,
    citycode text not null check (citycode ~ '^([0-9]{5}|2[AB][0-9]{3})$'),
    primary key (territory_id, citycode)
  )`.execute(db);
  await sql`create index territory_communes_citycode_idx on territory_communes (citycode)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>) {
  await sql`drop table territory_communes`.execute(db);
  await sql`drop table territory_area_parts`.execute(db);
}
