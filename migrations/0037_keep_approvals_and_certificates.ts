import { sql, type Kysely } from 'kysely';

/**
 * Issue #16, what was left.
 *
 * An association's food-aid approvals are kept, each with its dates: the approval may give its
 * first day (`approval_starts_on`), and a trigger writes every approval an association records
 * (created, renewed, corrected) into `association_approvals`, so that a receipt reads the one in
 * force on the day of each pickup, not the current one. Those recorded so far start the history.
 *
 * A withdrawal certificate number typed by a producer organisation
 * (before the campaign's counter numbered them) is unique per organisation and campaign by an
 * index, as the counter's numbers already are. Where two operations of one campaign carry the
 * same typed number, the first recorded keeps it and the others get it followed by
 * " #<their id>", so that none is lost and the index can hold.
 */
/** The certificates' part: old duplicates marked, then the unique index (tests run it alone). */
export async function numberCertificatesOnce(db: Kysely<any>) {
  await sql`update withdrawals w set certificate_number = w.certificate_number || ' #' || w.id
    from (select id, row_number() over (
            partition by producer_org_id, campaign, certificate_number order by id) as n
          from withdrawals) d
    where d.id = w.id and d.n > 1`.execute(db);
  await sql`create unique index withdrawals_certificate_number_key
    on withdrawals (producer_org_id, campaign, certificate_number)`.execute(db);
}

export async function up(db: Kysely<any>) {
  await numberCertificatesOnce(db);
  await sql`alter table organisations add column approval_starts_on date null,
    add constraint organisations_approval_dates_check
      check (approval_starts_on is null or approval_ends_on is null
        or approval_starts_on <= approval_ends_on)`.execute(db);
  await sql`create table association_approvals (
    id integer generated always as identity primary key,
    association_id integer not null references organisations (id) on delete cascade,
    level text not null check (level in ('national', 'regional', 'law')),
    number text null check (char_length(number) <= 60),
    starts_on date null,
    ends_on date null,
    recorded_at timestamptz not null default now(),
    check (starts_on is null or ends_on is null or starts_on <= ends_on)
  )`.execute(db);
  await sql`create index association_approvals_association_idx
    on association_approvals (association_id, id)`.execute(db);
  await sql`insert into association_approvals (association_id, level, number, starts_on, ends_on)
    select id, approval_level, approval_number, approval_starts_on, approval_ends_on
    from organisations where approval_level is not null order by id`.execute(db);
  await sql`create function organisations_keep_approvals() returns trigger language plpgsql as $$
    begin
      if new.approval_level is not null and (tg_op = 'INSERT'
          or (old.approval_level, old.approval_number, old.approval_starts_on, old.approval_ends_on)
            is distinct from
            (new.approval_level, new.approval_number, new.approval_starts_on, new.approval_ends_on))
      then
        insert into association_approvals (association_id, level, number, starts_on, ends_on)
          values (new.id, new.approval_level, new.approval_number, new.approval_starts_on,
                  new.approval_ends_on);
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger organisations_keep_approvals after insert or update on organisations
    for each row execute function organisations_keep_approvals()`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop trigger organisations_keep_approvals on organisations`.execute(db);
  await sql`drop function organisations_keep_approvals()`.execute(db);
  await sql`drop table association_approvals`.execute(db);
  await sql`alter table organisations drop constraint organisations_approval_dates_check,
    drop column approval_starts_on`.execute(db);
  await sql`drop index withdrawals_certificate_number_key`.execute(db);
}
