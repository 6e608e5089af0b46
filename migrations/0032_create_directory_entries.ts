import { sql, type Kysely } from 'kysely';

/**
 * The territory's public directory (issue #19): what each organisation chose to show of itself,
 * one row per organisation. Nothing is public without a row whose `listed` is true, and then only
 * the fields it chose: its name and kind (show_*), where it is (`location`: nowhere, its commune
 * with a point rounded to about 1 km, or its address), what it does for people (associations), its
 * hours, whether it takes new beneficiaries, and a contact typed here (never the profile's or a
 * person's). For a territory, `listed` publishes its page. Deleted with its organisation.
 */
export async function up(db: Kysely<any>) {
  await sql`create table directory_entries (
    organisation_id integer primary key references organisations (id) on delete cascade,
    listed boolean not null default false,
    show_name boolean not null default false,
    show_kind boolean not null default false,
    location text not null default 'none' check (location in ('none', 'commune', 'address')),
    serves_grocery boolean not null default false,
    serves_parcels boolean not null default false,
    serves_meals boolean not null default false,
    serves_other boolean not null default false,
    hours text null check (char_length(hours) between 1 and 300),
    new_beneficiaries boolean null,
    phone text null check (char_length(phone) between 1 and 20),
    email text null check (char_length(email) between 3 and 200),
    website text null check (char_length(website) between 8 and 200 and website ~ '^https?://'),
    show_giving boolean not null default false,
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index directory_entries_listed on directory_entries (organisation_id)
    where listed`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop table directory_entries`.execute(db);
}
