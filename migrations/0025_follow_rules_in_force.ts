import { sql, type Kysely } from 'kysely';

/**
 * Issue #16, the rules in force and the records they ask for:
 * - withdrawal rates name the rule each follows (`basis`): Delegated Reg. 2017/891 Annex IV up to
 *   2022; from 2023 Reg. 2021/2115 with Delegated Reg. 2022/126 art. 26, either the Annex V
 *   maximum or the member state's maximum as a share of the average price (both kept, the rate is
 *   their product). The seeded 2014-2018 figures stay, labelled as history. A rate's validity must
 *   lie inside its rule's years;
 * - transport paid as unit costs by distance band, up to 750 km (2022/126 art. 25), as dated data;
 * - each operation keeps its distance and transport cost, the date of its 24 h notice to
 *   FranceAgriMer, and a certificate number from its campaign's counter (the campaign row is
 *   locked while a number is given: unique per producer organisation and campaign, no gap);
 * - the traceability record of a donation: its lot number, and the identities of both parties
 *   as they were at pickup, kept 5 years: a trigger refuses to delete a donation picked up less
 *   than 5 years ago, whoever asks;
 * - the association's receipt period (month, quarter or year), and a reference to what a message
 *   carries attached (the receipt's PDF is built when the message is sent).
 */
export async function up(db: Kysely<any>) {
  await sql`alter table withdrawal_rates
    add column basis text not null default 'history_2014_2018',
    add column average_price_eur_per_100kg numeric(10,2) null
      check (average_price_eur_per_100kg > 0),
    add column share_pct numeric(5,2) null check (share_pct > 0 and share_pct <= 40)`.execute(db);
  await sql`alter table withdrawal_rates alter column basis drop default`.execute(db);
  await sql`alter table withdrawal_rates
    add constraint withdrawal_rates_basis_check check (basis in
      ('history_2014_2018', 'annex_iv_2017_891', 'annex_v_2022_126', 'member_state_2022_126')),
    add constraint withdrawal_rates_basis_years_check check (
      basis = 'history_2014_2018'
      or basis = 'annex_iv_2017_891' and valid_from <= date '2022-12-31'
        and valid_to is not null and valid_to <= date '2022-12-31'
      or basis in ('annex_v_2022_126', 'member_state_2022_126') and valid_from >= date '2023-01-01'),
    add constraint withdrawal_rates_share_check check (
      (basis = 'member_state_2022_126') =
        (average_price_eur_per_100kg is not null and share_pct is not null))`.execute(db);

  await sql`create table withdrawal_transport_costs (
    id integer generated always as identity primary key,
    valid_from date not null,
    up_to_km integer not null check (up_to_km between 1 and 750),
    eur_per_100kg numeric(10,2) not null check (eur_per_100kg >= 0),
    source text not null check (char_length(source) between 1 and 300),
    created_by integer null references users (id) on delete set null,
    created_at timestamptz not null default now(),
    unique (valid_from, up_to_km)
  )`.execute(db);

  await sql`alter table withdrawal_campaigns
    add column last_certificate_seq integer not null default 0
      check (last_certificate_seq >= 0)`.execute(db);
  await sql`alter table withdrawals
    add column distance_km integer null check (distance_km between 0 and 5000),
    add column transport_eur_per_100kg numeric(10,2) null check (transport_eur_per_100kg >= 0),
    add column notified_at timestamptz null,
    add column certificate_seq integer null check (certificate_seq > 0)`.execute(db);
  // the operations already recorded get their numbers in the order they were recorded
  await sql`update withdrawals w set certificate_seq = n.seq,
      certificate_number = coalesce(w.certificate_number,
        'RC-' || w.campaign || '-' || lpad(n.seq::text, 4, '0'))
    from (select id, row_number() over (partition by producer_org_id, campaign order by id) as seq
          from withdrawals) n
    where n.id = w.id`.execute(db);
  // (an operation is recorded only once its campaign is declared, so each has its campaign row)
  await sql`update withdrawal_campaigns c set last_certificate_seq = m.seq
    from (select producer_org_id, campaign, max(certificate_seq) as seq from withdrawals
          group by producer_org_id, campaign) m
    where m.producer_org_id = c.producer_org_id and m.campaign = c.year`.execute(db);
  await sql`alter table withdrawals
    alter column certificate_seq set not null,
    alter column certificate_number set not null,
    add constraint withdrawals_certificate_seq_key unique (producer_org_id, campaign, certificate_seq)`.execute(
    db,
  );

  await sql`alter table donations
    add column lot_number text null check (char_length(lot_number) between 1 and 40),
    add column trace_identities jsonb null check (jsonb_typeof(trace_identities) = 'object')`.execute(
    db,
  );
  await sql`create function donations_keep_traceability() returns trigger language plpgsql as $$
    begin
      if old.picked_up_at is not null and old.picked_up_at > now() - interval '5 years' then
        raise exception 'donation % is part of a traceability record kept 5 years', old.id
          using errcode = 'restrict_violation';
      end if;
      return old;
    end $$`.execute(db);
  await sql`create trigger donations_keep_traceability before delete on donations
    for each row execute function donations_keep_traceability()`.execute(db);

  await sql`alter table organisations
    add column receipt_period text not null default 'year'
      check (receipt_period in ('month', 'quarter', 'year'))`.execute(db);
  await sql`alter table push_deliveries
    add column attachment text null check (char_length(attachment) <= 100)`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`alter table push_deliveries drop column attachment`.execute(db);
  await sql`alter table organisations drop column receipt_period`.execute(db);
  await sql`drop trigger donations_keep_traceability on donations`.execute(db);
  await sql`drop function donations_keep_traceability()`.execute(db);
  await sql`alter table donations drop column trace_identities, drop column lot_number`.execute(db);
  await sql`alter table withdrawals
    drop constraint withdrawals_certificate_seq_key,
    alter column certificate_number drop not null,
    drop column certificate_seq, drop column notified_at,
    drop column transport_eur_per_100kg, drop column distance_km`.execute(db);
  await sql`alter table withdrawal_campaigns drop column last_certificate_seq`.execute(db);
  await sql`drop table withdrawal_transport_costs`.execute(db);
  await sql`alter table withdrawal_rates
    drop constraint withdrawal_rates_share_check,
    drop constraint withdrawal_rates_basis_years_check,
    drop constraint withdrawal_rates_basis_check,
    drop column share_pct, drop column average_price_eur_per_100kg, drop column basis`.execute(db);
}
