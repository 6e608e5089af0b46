import { sql, type Kysely } from 'kysely';

/**
 * Produce an association received through a market withdrawal counts in the statistics like a
 * donation picked up: one pickup of the kg received, category fruit_vegetables, on the day of the
 * withdrawal, with the producer organisation as the donor (shop_id) and no value given by a shop
 * (so the value factor applies). Nothing counts as posted or claimed: it was never on offer.
 * Tax receipts read the donations only, so withdrawals never reach them.
 */

// The summary columns of migration 0004, copied (migrations are frozen and import nothing).
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
const CLAIM_COLS = Array.from({ length: 16 }, (_, i) => `claim_m${i}`);
const COLS = [...INT_COLS, ...NUM_COLS, ...CLAIM_COLS];

/** What one received withdrawal adds, in COLS order, for a kg expression. */
const receiptValues = (kg: string) =>
  COLS.map((c) =>
    c === 'picked_n' ? '1' : c === 'picked_kg' || c === 'picked_novalue_kg' ? kg : '0',
  );

const upsertSets = COLS.map((c) => `${c} = s.${c} + excluded.${c}`).join(', ');

/** Add (sgn 1) or take away (sgn -1) every confirmed receipt, grouped, from both summaries. */
function applyAllReceipts(sgn: 1 | -1) {
  const sums = receiptValues('r.kg')
    .map((v) => `${sgn} * sum(${v})`)
    .join(', ');
  return ['day', 'month'].map((unit) => {
    const table = unit === 'day' ? 'stats_daily' : 'stats_monthly';
    const date = unit === 'day' ? 'r.delivered_on' : "date_trunc('month', r.delivered_on)::date";
    return `insert into ${table} as s (${unit}, shop_id, association_id, category, ${COLS.join(', ')})
      select ${date}, r.producer_org_id, r.organisation_id, r.category, ${sums}
      from withdrawal_receipts r group by 1, 2, 3, 4
      on conflict (${unit}, shop_id, association_id, category) do update set ${upsertSets}`;
  });
}

/** stats_rebuild() as migration 0004 wrote it (what `down` puts back). */
const REBUILD_0004 = `create or replace function stats_rebuild() returns void language sql as $$
    delete from stats_daily;
    delete from stats_monthly;
    insert into stats_daily (day, shop_id, association_id, category, ${COLS.join(', ')})
      select c.day, c.shop_id, c.association_id, c.category, ${COLS.map((c) => `sum(c.${c})`).join(', ')}
      from donations d cross join lateral stats_contributions(d) c group by 1, 2, 3, 4;
    insert into stats_monthly (month, shop_id, association_id, category, ${COLS.join(', ')})
      select date_trunc('month', day)::date, shop_id, association_id, category, ${COLS.map((c) => `sum(${c})`).join(', ')}
      from stats_daily group by 1, 2, 3, 4;
  $$`;

/** The same, plus the confirmed withdrawal receipts. */
const REBUILD_0006 = `create or replace function stats_rebuild() returns void language sql as $$
    delete from stats_daily;
    delete from stats_monthly;
    insert into stats_daily (day, shop_id, association_id, category, ${COLS.join(', ')})
      select c.day, c.shop_id, c.association_id, c.category, ${COLS.map((c) => `sum(c.${c})`).join(', ')}
      from (
        select c.* from donations d cross join lateral stats_contributions(d) c
        union all
        select r.delivered_on, r.producer_org_id, r.organisation_id, r.category, ${receiptValues('r.kg').join(', ')}
        from withdrawal_receipts r
      ) c group by 1, 2, 3, 4;
    insert into stats_monthly (month, shop_id, association_id, category, ${COLS.join(', ')})
      select date_trunc('month', day)::date, shop_id, association_id, category, ${COLS.map((c) => `sum(${c})`).join(', ')}
      from stats_daily group by 1, 2, 3, 4;
  $$`;

// The columns of withdrawals that decide what a row adds (same mapping as the withdrawal_receipts view).
const WATCHED = ['status', 'received_kg', 'withdrawn_on', 'producer_org_id', 'association_id'];

export async function up(db: Kysely<any>) {
  const one = (table: string, unit: string, date: string) =>
    `insert into ${table} as s (${unit}, shop_id, association_id, category, ${COLS.join(', ')})
      values (${date}, w.producer_org_id, w.association_id, 'fruit_vegetables', ${receiptValues(
        'w.received_kg',
      )
        .map((v) => `sgn * ${v}`)
        .join(', ')})
      on conflict (${unit}, shop_id, association_id, category) do update set ${upsertSets};`;
  await sql
    .raw(
      `create function stats_withdrawal_apply(w withdrawals, sgn integer) returns void language plpgsql as $$
    begin
      if w.status is distinct from 'received' or w.received_kg is null then return; end if;
      ${one('stats_daily', 'day', 'w.withdrawn_on')}
      ${one('stats_monthly', 'month', "date_trunc('month', w.withdrawn_on)::date")}
    end $$`,
    )
    .execute(db);

  // In practice a withdrawal changes once, pending_receipt -> received | refused; any insert,
  // update or delete is handled all the same, so the trigger always agrees with stats_rebuild().
  await sql
    .raw(
      `create function stats_withdrawals_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and (${WATCHED.map((c) => `old.${c}`).join(', ')}) is not distinct from (${WATCHED.map((c) => `new.${c}`).join(', ')}) then
        return null;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then perform stats_withdrawal_apply(old, -1); end if;
      if tg_op in ('INSERT', 'UPDATE') then perform stats_withdrawal_apply(new, 1); end if;
      return null;
    end $$`,
    )
    .execute(db);
  await sql`create trigger withdrawals_stats after insert or update or delete on withdrawals
    for each row execute function stats_withdrawals_changed()`.execute(db);

  await sql.raw(REBUILD_0006).execute(db);
  // Receipts confirmed before this migration: added once, without rebuilding the donations' part.
  for (const q of applyAllReceipts(1)) await sql.raw(q).execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop trigger withdrawals_stats on withdrawals`.execute(db);
  for (const q of applyAllReceipts(-1)) await sql.raw(q).execute(db);
  await sql.raw(REBUILD_0004).execute(db);
  await sql`drop function stats_withdrawals_changed()`.execute(db);
  await sql`drop function stats_withdrawal_apply(withdrawals, integer)`.execute(db);
}
