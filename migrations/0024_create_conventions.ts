import { sql, type Kysely } from 'kysely';

/**
 * Donation agreements ("conventions de don", issue #16; Code de l'environnement L.541-15-6):
 * between a shop and an association, made from the ministry's model. One row per agreement,
 * never deleted: proposed by a manager of one side, then accepted or declined by a manager of the
 * other, or withdrawn by its proposer; once active, ended by either side with a reason. Who and
 * when is kept at each step. `terms` freezes what was proposed (both identities, the regular
 * donations), taken again at acceptance: what both sides agreed to.
 *
 * At most one pending agreement per pair (the unique index); the app also refuses a proposal while
 * one is active (it locks the shop's row while it checks).
 */
export async function up(db: Kysely<any>) {
  await sql`create table conventions (
    id serial primary key,
    shop_id integer not null references organisations (id),
    association_id integer not null references organisations (id),
    status text not null default 'pending'
      check (status in ('pending', 'active', 'declined', 'withdrawn', 'ended')),
    proposed_by_side text not null check (proposed_by_side in ('shop', 'association')),
    proposed_by integer null references users (id) on delete set null,
    proposed_at timestamptz not null,
    categories jsonb not null check (jsonb_typeof(categories) = 'array'),
    pickup_arrangements text not null check (char_length(pickup_arrangements) between 1 and 1000),
    quality_contact text null check (char_length(quality_contact) <= 300),
    starts_on date not null,
    ends_on date null check (ends_on >= starts_on),
    terms jsonb not null,
    answered_by integer null references users (id) on delete set null,
    answered_at timestamptz null,
    decline_reason text null check (char_length(decline_reason) <= 300),
    ended_by integer null references users (id) on delete set null,
    ended_at timestamptz null,
    end_reason text null check (char_length(end_reason) <= 300),
    check (shop_id <> association_id),
    check (status = 'pending' or status = 'withdrawn' or answered_at is not null),
    check (status not in ('ended', 'withdrawn') or ended_at is not null)
  )`.execute(db);
  await sql`create unique index conventions_pending_pair_idx on conventions (shop_id, association_id)
    where status = 'pending'`.execute(db);
  await sql`create index conventions_association_idx on conventions (association_id, status)`.execute(
    db,
  );
  await sql`create index conventions_shop_idx on conventions (shop_id, status)`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop table conventions`.execute(db);
}
