import { sql, type Kysely } from 'kysely';

// What one donation adds to the daily and monthly summaries. Counts are integers, weights and
// money numeric. Kept here (frozen) rather than imported: migrations never import app code.
const INT_COLS = [
  'posted_n',
  'claimed_n',
  'picked_n',
  'q_good',
  'q_acceptable',
  'q_poor',
  'q_refused',
  'expired_n',
  'refused_n',
  'defects_n',
];
const NUM_COLS = [
  'posted_kg',
  'picked_kg',
  'picked_value_eur',
  'picked_novalue_kg',
  'expired_kg',
  'refused_kg',
];
// Minutes from posting to claim, counted in classes, so that a median over a year needs no raw rows.
const CLAIM_EDGES = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 720, 1440, 2880];
const CLAIM_COLS = CLAIM_EDGES.map((_, i) => `claim_m${i}`);
const COLS = [...INT_COLS, ...NUM_COLS, ...CLAIM_COLS];

async function createRollup(db: Kysely<any>, table: string, dateCol: string) {
  let t = db.schema
    .createTable(table)
    .addColumn(dateCol, 'date', (c) => c.notNull())
    .addColumn('shop_id', 'integer', (c) => c.notNull())
    .addColumn('association_id', 'integer', (c) => c.notNull()) // 0 when nobody claimed it
    .addColumn('category', 'text', (c) => c.notNull());
  for (const col of INT_COLS) t = t.addColumn(col, 'integer', (c) => c.notNull().defaultTo(0));
  for (const col of NUM_COLS)
    t = t.addColumn(col, sql`numeric(14,2)`, (c) => c.notNull().defaultTo(0));
  for (const col of CLAIM_COLS) t = t.addColumn(col, 'integer', (c) => c.notNull().defaultTo(0));
  await t
    .addPrimaryKeyConstraint(`${table}_pkey`, [dateCol, 'shop_id', 'association_id', 'category'])
    .execute();
  await sql.raw(`create index ${table}_shop_idx on ${table} (shop_id, ${dateCol})`).execute(db);
  await sql
    .raw(`create index ${table}_association_idx on ${table} (association_id, ${dateCol})`)
    .execute(db);
}

function upsert(table: string, dateCol: string, dateExpr: string) {
  const sums = COLS.map((c) => `sgn * sum(c.${c})`).join(', ');
  const sets = COLS.map((c) => `${c} = s.${c} + excluded.${c}`).join(', ');
  return `insert into ${table} as s (${dateCol}, shop_id, association_id, category, ${COLS.join(', ')})
    select ${dateExpr}, c.shop_id, c.association_id, c.category, ${sums}
    from stats_contributions(d) c group by 1, 2, 3, 4
    on conflict (${dateCol}, shop_id, association_id, category) do update set ${sets};`;
}

export async function up(db: Kysely<any>) {
  // A territory's area: a list of towns, or a centre and a radius (or both: the union).
  await db.schema
    .alterTable('organisations')
    .addColumn('area_towns', 'jsonb')
    .addColumn('area_lat', 'double precision')
    .addColumn('area_lng', 'double precision')
    .addColumn('area_radius_km', 'double precision')
    .execute();

  // Impact factors; category '' is the default, a category row overrides it for that category.
  await db.schema
    .createTable('impact_factors')
    .addColumn('name', 'text', (c) =>
      c.notNull().check(sql`name in ('meal_kg', 'co2e_per_kg', 'value_eur_per_kg')`),
    )
    .addColumn('category', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('value', sql`numeric(10,4)`, (c) => c.notNull().check(sql`value > 0`))
    .addColumn('source', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('impact_factors_pkey', ['name', 'category'])
    .execute();
  await db
    .insertInto('impact_factors')
    .values([
      {
        name: 'meal_kg',
        category: '',
        value: 0.5,
        source: 'Banques alimentaires, ProxiDon: 1 repas = 500 g',
      },
      {
        name: 'co2e_per_kg',
        category: '',
        value: 2.54,
        source: 'FAO 2013: 3.3 Gt CO2e for 1.3 Gt of food wasted',
      },
      { name: 'value_eur_per_kg', category: '', value: 3.27, source: 'ADEME, retail stage' },
    ])
    .execute();

  // Corrective actions a shop records against a defect reported at pickup (Décret 2020-1274).
  await db.schema
    .createTable('quality_actions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('donation_id', 'integer', (c) =>
      c.notNull().references('donations.id').onDelete('cascade'),
    )
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('quality_actions_donation_idx')
    .on('quality_actions')
    .columns(['donation_id', 'id'])
    .execute();
  await db.schema
    .createIndex('quality_actions_shop_idx')
    .on('quality_actions')
    .columns(['shop_id', 'created_at'])
    .execute();

  await createRollup(db, 'stats_daily', 'day');
  await createRollup(db, 'stats_monthly', 'month');

  // Days are counted in the platform's time zone, so a 23:30 pickup falls on the right day.
  await sql`create function stats_local_day(ts timestamptz) returns date language sql stable
    as $$ select (ts at time zone 'Europe/Paris')::date $$`.execute(db);

  // Highest temperature at pickup (DGCCRF): frozen -18 °C; chilled ready meals +3 °C; chilled meat
  // and fish +4 °C (meat preparations, poultry); other chilled food +8 °C (perishable food). None
  // for ambient food.
  await sql`create function stats_temperature_limit(storage text, category text) returns numeric language sql immutable
    as $$ select case
      when storage = 'frozen' or category = 'frozen' then -18
      when storage = 'chilled' and category = 'prepared_meals' then 3
      when storage = 'chilled' and category = 'meat_fish' then 4
      when storage = 'chilled' then 8
    end::numeric $$`.execute(db);

  // A defect: what the association reported at pickup that the shop must follow up.
  await sql`create function stats_is_defect(status text, quality text, temperature_c numeric, issues text, storage text, category text)
    returns boolean language sql immutable
    as $$ select status in ('picked_up', 'refused') and (
      coalesce(quality, case when status = 'refused' then 'refused' end) in ('poor', 'refused')
      or coalesce(btrim(issues), '') <> ''
      or coalesce(temperature_c > stats_temperature_limit(storage, category), false)) $$`.execute(
    db,
  );

  // Posted figures fall on the day the donation was posted; outcomes on the day they happened.
  await sql
    .raw(
      `create function stats_contributions(d donations) returns table (
      day date, shop_id integer, association_id integer, category text,
      ${INT_COLS.map((c) => `${c} integer`).join(', ')}, ${NUM_COLS.map((c) => `${c} numeric`).join(', ')}, ${CLAIM_COLS.map((c) => `${c} integer`).join(', ')})
    language sql stable as $$
      select stats_local_day(d.created_at), d.shop_id, coalesce(d.claimed_by, 0), d.category,
        1, (d.status in ('claimed', 'picked_up', 'refused', 'missed'))::int, 0, 0, 0, 0, 0, 0, 0, 0,
        d.quantity_kg, 0, 0, 0, 0, 0,
        ${CLAIM_EDGES.map((lo, i) => {
          const m = `extract(epoch from (d.claimed_at - d.created_at)) / 60`;
          const hi = CLAIM_EDGES[i + 1];
          const cond = [
            i > 0 ? `${m} >= ${lo}` : 'true',
            hi != null ? `${m} < ${hi}` : 'true',
          ].join(' and ');
          return `coalesce(d.status in ('claimed', 'picked_up', 'refused', 'missed') and d.claimed_at is not null and ${cond}, false)::int`;
        }).join(',\n        ')}
      union all
      select stats_local_day(case when d.status in ('picked_up', 'refused') then coalesce(d.picked_up_at, d.closed_at, d.pickup_until)
                                  else coalesce(d.closed_at, d.pickup_until) end),
        d.shop_id, coalesce(d.claimed_by, 0), d.category,
        0, 0, (d.status = 'picked_up')::int,
        coalesce(q = 'good', false)::int, coalesce(q = 'acceptable', false)::int, coalesce(q = 'poor', false)::int, coalesce(q = 'refused', false)::int,
        (d.status in ('expired', 'missed'))::int, (d.status = 'refused')::int,
        stats_is_defect(d.status, d.quality, d.temperature_c, d.issues, d.storage, d.category)::int,
        0,
        case when d.status = 'picked_up' then coalesce(d.received_kg, d.quantity_kg) else 0 end,
        case when d.status = 'picked_up' then coalesce(d.value_eur, 0) else 0 end,
        case when d.status = 'picked_up' and d.value_eur is null then coalesce(d.received_kg, d.quantity_kg) else 0 end,
        case when d.status in ('expired', 'missed') then d.quantity_kg else 0 end,
        case when d.status = 'refused' then d.quantity_kg else 0 end,
        ${CLAIM_COLS.map(() => '0').join(', ')}
      from (select case when d.status in ('picked_up', 'refused')
                        then coalesce(d.quality, case when d.status = 'refused' then 'refused' end) end as q) qq
      where d.status in ('picked_up', 'refused', 'expired', 'missed')
    $$`,
    )
    .execute(db);

  // plpgsql keeps its plans for the session; a SQL function would plan both statements on every row.
  await sql
    .raw(
      `create function stats_apply(d donations, sgn integer) returns void language plpgsql as $$
    begin
    ${upsert('stats_daily', 'day', 'c.day')}
    ${upsert('stats_monthly', 'month', "date_trunc('month', c.day)::date")}
    end $$`,
    )
    .execute(db);

  const watched = [
    'status',
    'claimed_by',
    'category',
    'shop_id',
    'quantity_kg',
    'received_kg',
    'value_eur',
    'quality',
    'temperature_c',
    'issues',
    'storage',
    'created_at',
    'picked_up_at',
    'closed_at',
    'pickup_until',
  ];
  await sql
    .raw(
      `create function stats_donations_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and (${watched.map((c) => `old.${c}`).join(', ')}) is not distinct from (${watched.map((c) => `new.${c}`).join(', ')}) then
        return null;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then perform stats_apply(old, -1); end if;
      if tg_op in ('INSERT', 'UPDATE') then perform stats_apply(new, 1); end if;
      return null;
    end $$`,
    )
    .execute(db);
  await sql`create trigger donations_stats after insert or update or delete on donations
    for each row execute function stats_donations_changed()`.execute(db);

  // Rebuild both summaries from the donations in one pass (after a bulk load, or to check them).
  await sql
    .raw(
      `create function stats_rebuild() returns void language sql as $$
    delete from stats_daily;
    delete from stats_monthly;
    insert into stats_daily (day, shop_id, association_id, category, ${COLS.join(', ')})
      select c.day, c.shop_id, c.association_id, c.category, ${COLS.map((c) => `sum(c.${c})`).join(', ')}
      from donations d cross join lateral stats_contributions(d) c group by 1, 2, 3, 4;
    insert into stats_monthly (month, shop_id, association_id, category, ${COLS.join(', ')})
      select date_trunc('month', day)::date, shop_id, association_id, category, ${COLS.map((c) => `sum(${c})`).join(', ')}
      from stats_daily group by 1, 2, 3, 4;
  $$`,
    )
    .execute(db);
  await sql`select stats_rebuild()`.execute(db);

  // The median time to claim is read from the donations themselves: these keep it to the rows in scope.
  await sql`create index donations_claim_time_shop_idx on donations (shop_id, created_at) include (claimed_at, claimed_by, category, status) where claimed_at is not null`.execute(
    db,
  );
  await sql`create index donations_claim_time_assoc_idx on donations (claimed_by, created_at) include (claimed_at, shop_id, category, status) where claimed_at is not null`.execute(
    db,
  );
  await sql`create index donations_pickup_idx on donations (shop_id, picked_up_at) where status in ('picked_up', 'refused')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>) {
  await sql`drop trigger donations_stats on donations`.execute(db);
  for (const f of [
    'stats_rebuild()',
    'stats_donations_changed()',
    'stats_apply(donations, integer)',
    'stats_contributions(donations)',
    'stats_is_defect(text, text, numeric, text, text, text)',
    'stats_temperature_limit(text, text)',
    'stats_local_day(timestamptz)',
  ])
    await sql.raw(`drop function ${f}`).execute(db);
  for (const i of [
    'donations_claim_time_shop_idx',
    'donations_claim_time_assoc_idx',
    'donations_pickup_idx',
  ])
    await sql.raw(`drop index ${i}`).execute(db);
  for (const t of ['stats_monthly', 'stats_daily', 'quality_actions', 'impact_factors'])
    await db.schema.dropTable(t).execute();
  await db.schema
    .alterTable('organisations')
    .dropColumn('area_towns')
    .dropColumn('area_lat')
    .dropColumn('area_lng')
    .dropColumn('area_radius_km')
    .execute();
}
