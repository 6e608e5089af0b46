import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('donations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity_kg', sql`numeric(10,2)`, (c) => c.notNull().check(sql`quantity_kg > 0`))
    .addColumn('units', 'integer')
    .addColumn('storage', 'text', (c) =>
      c.notNull().check(sql`storage in ('ambient', 'chilled', 'frozen')`),
    )
    .addColumn('date_kind', 'text', (c) => c.check(sql`date_kind in ('use_by', 'best_before')`))
    .addColumn('product_date', 'date')
    .addColumn('packaged', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('same_day', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('value_eur', sql`numeric(12,2)`)
    .addColumn('pickup_from', 'timestamptz', (c) => c.notNull())
    .addColumn('pickup_until', 'timestamptz', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(
          sql`status in ('open', 'claimed', 'picked_up', 'refused', 'cancelled', 'expired', 'missed')`,
        ),
    )
    .addColumn('claimed_by', 'integer', (c) => c.references('organisations.id'))
    .addColumn('claimed_by_user', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('handover_code', 'text')
    .addColumn('wrong_code_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('wrong_code_at', 'timestamptz')
    .addColumn('received_kg', sql`numeric(10,2)`)
    .addColumn('quality', 'text', (c) =>
      c.check(sql`quality in ('good', 'acceptable', 'poor', 'refused')`),
    )
    .addColumn('temperature_c', sql`numeric(5,1)`)
    .addColumn('issues', 'text')
    .addColumn('picked_up_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The feed reads open donations in a box around the association: a partial index keeps it small.
  await sql`create index donations_open_geo_idx on donations (lat, lng) where status = 'open'`.execute(
    db,
  );
  await sql`create index donations_shop_idx on donations (shop_id, created_at desc)`.execute(db);
  await sql`create index donations_claimed_by_idx on donations (claimed_by, created_at desc) where claimed_by is not null`.execute(
    db,
  );
  await sql`create index donations_status_until_idx on donations (status, pickup_until) where status in ('open', 'claimed')`.execute(
    db,
  );

  await db.schema
    .createTable('donation_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('donation_id', 'integer', (c) =>
      c.notNull().references('donations.id').onDelete('cascade'),
    )
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_org_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('note', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('donation_events_donation_idx')
    .on('donation_events')
    .columns(['donation_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('donation_events').execute();
  await db.schema.dropTable('donations').execute();
}
