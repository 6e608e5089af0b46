import { sql, type Kysely } from 'kysely';

/**
 * Market withdrawals for free distribution ("retrait communautaire").
 * Rates are data: each product has dated rates; an operation keeps a copy of the rate and flat
 * amounts in force when it was recorded, so later changes never rewrite a past claim.
 */

// Figures seen in public texts (EUR per 100 kg, free distribution). They come from the 2014 and
// 2017-18 exceptional-support acts, not from the Annex IV in force: the operator must confirm
// them, and replaces them by adding a new rate (which closes these the day before).
// CN codes are the headings those acts used; they are to be confirmed as well.
const SOURCE = '2014 and 2017-18 exceptional-support acts, to be confirmed by the operator';
const VALID_FROM = '2014-01-01';
const SEED: [key: string, fr: string, en: string, cn: string, eur: string][] = [
  [
    'cauliflowers_broccoli',
    'Choux-fleurs et brocolis',
    'Cauliflowers and headed broccoli',
    '0704 10 00',
    '15.69',
  ],
  ['table_grapes', 'Raisins de table', 'Table grapes', '0806 10 10', '39.16'],
  ['plums', 'Prunes', 'Plums', '0809 40 05', '34.00'],
  ['kiwifruit', 'Kiwis', 'Kiwifruit', '0810 50 00', '26.69'],
  ['carrots', 'Carottes', 'Carrots', '0706 10 00', '12.81'],
  ['cabbages', 'Choux', 'Cabbages', '0704 90', '5.81'],
  ['agaricus_mushrooms', 'Champignons (Agaricus)', 'Agaricus mushrooms', '0709 51 00', '43.99'],
  ['sweet_peppers', 'Poivrons doux', 'Sweet peppers', '0709 60 10', '44.40'],
  ['cucumbers_gherkins', 'Concombres et cornichons', 'Cucumbers and gherkins', '0707 00', '24.00'],
  ['soft_fruit', 'Fruits rouges', 'Soft fruit', '0810 20, 0810 30, 0810 40', '12.76'],
  ['pears', 'Poires', 'Pears', '0808 30', '23.85'],
  ['peaches_nectarines', 'Pêches et nectarines', 'Peaches and nectarines', '0809 30', '26.90'],
  ['lemons', 'Citrons', 'Lemons', '0805 50 10', '23.99'],
  ['clementines', 'Clémentines', 'Clementines', '0805 21', '22.16'],
  ['sweet_cherries', 'Cerises douces', 'Sweet cherries', '0809 29 00', '48.14'],
];

export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('withdrawal_products')
    .addColumn('key', 'text', (c) => c.primaryKey().check(sql`key ~ '^[a-z][a-z0-9_]{1,39}$'`))
    .addColumn('name_fr', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('cn_code', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('withdrawal_rates')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('product', 'text', (c) => c.notNull().references('withdrawal_products.key'))
    .addColumn('eur_per_100kg', sql`numeric(10,2)`, (c) =>
      c.notNull().check(sql`eur_per_100kg > 0`),
    )
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('valid_to', 'date')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'withdrawal_rates_period_check',
      sql`valid_to is null or valid_to >= valid_from`,
    )
    .addUniqueConstraint('withdrawal_rates_product_from_key', ['product', 'valid_from'])
    .execute();

  // One row: flat amounts per 100 kg, optional (null = none).
  await db.schema
    .createTable('withdrawal_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('transport_eur_per_100kg', sql`numeric(10,2)`, (c) =>
      c.check(sql`transport_eur_per_100kg >= 0`),
    )
    .addColumn('sorting_packing_eur_per_100kg', sql`numeric(10,2)`, (c) =>
      c.check(sql`sorting_packing_eur_per_100kg >= 0`),
    )
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.insertInto('withdrawal_settings').values({ id: 1 }).execute();

  // The producer organisation's marketed volume for a campaign (calendar year): the 5 % ceiling.
  await db.schema
    .createTable('withdrawal_campaigns')
    .addColumn('producer_org_id', 'integer', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('marketed_kg', sql`numeric(14,2)`, (c) => c.notNull().check(sql`marketed_kg > 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('withdrawal_campaigns_pkey', ['producer_org_id', 'year'])
    .execute();

  await db.schema
    .createTable('withdrawals')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('producer_org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('association_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('product', 'text', (c) => c.notNull().references('withdrawal_products.key'))
    .addColumn('rate_id', 'integer', (c) => c.notNull().references('withdrawal_rates.id'))
    .addColumn('eur_per_100kg', sql`numeric(10,2)`, (c) => c.notNull())
    .addColumn('flat_eur_per_100kg', sql`numeric(10,2)`, (c) => c.notNull().defaultTo(0))
    .addColumn('quantity_kg', sql`numeric(12,2)`, (c) => c.notNull().check(sql`quantity_kg > 0`))
    .addColumn('withdrawn_on', 'date', (c) => c.notNull())
    .addColumn('campaign', 'integer', (c) => c.notNull())
    .addColumn('certificate_number', 'text')
    .addColumn('over_ceiling', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending_receipt')
        .check(sql`status in ('pending_receipt', 'received', 'refused')`),
    )
    .addColumn('received_kg', sql`numeric(12,2)`)
    .addColumn('amount_eur', sql`numeric(12,2)`)
    .addColumn('flat_eur', sql`numeric(12,2)`)
    .addColumn('refusal_reason', 'text')
    .addColumn('answered_at', 'timestamptz')
    .addColumn('answered_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'withdrawals_received_check',
      sql`received_kg is null or (received_kg > 0 and received_kg <= quantity_kg)`,
    )
    .addCheckConstraint(
      'withdrawals_received_amount_check',
      sql`(status = 'received') = (received_kg is not null and amount_eur is not null)`,
    )
    .execute();
  await sql`create index withdrawals_po_idx on withdrawals (producer_org_id, campaign, withdrawn_on)`.execute(
    db,
  );
  await sql`create index withdrawals_association_idx on withdrawals (association_id, withdrawn_on)`.execute(
    db,
  );

  // What statistics join: produce an association received through a withdrawal counts like a
  // donation picked up (category fruit_vegetables, kg received, on the day it was handed over).
  await sql`
    create view withdrawal_receipts as
    select w.id as withdrawal_id,
           w.association_id as organisation_id,
           w.producer_org_id,
           'fruit_vegetables'::text as category,
           w.received_kg as kg,
           w.withdrawn_on as delivered_on,
           w.answered_at as received_at
    from withdrawals w
    where w.status = 'received'`.execute(db);

  for (const [key, fr, en, cn, eur] of SEED) {
    await db
      .insertInto('withdrawal_products')
      .values({ key, name_fr: fr, name_en: en, cn_code: cn })
      .execute();
    await db
      .insertInto('withdrawal_rates')
      .values({
        product: key,
        eur_per_100kg: eur,
        valid_from: VALID_FROM,
        valid_to: null,
        source: SOURCE,
      })
      .execute();
  }
}

export async function down(db: Kysely<any>) {
  await sql`drop view withdrawal_receipts`.execute(db);
  for (const t of [
    'withdrawals',
    'withdrawal_campaigns',
    'withdrawal_settings',
    'withdrawal_rates',
    'withdrawal_products',
  ])
    await db.schema.dropTable(t).execute();
}
