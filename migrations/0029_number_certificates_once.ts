import { sql, type Kysely } from 'kysely';

/**
 * Issue #16, what was left: a withdrawal certificate number typed by a producer organisation
 * (before the campaign's counter numbered them) is unique per organisation and campaign by an
 * index, as the counter's numbers already are. Where two operations of one campaign carry the
 * same typed number, the first recorded keeps it and the others get it followed by
 * " #<their id>", so that none is lost and the index can hold.
 */
export async function up(db: Kysely<any>) {
  await sql`update withdrawals w set certificate_number = w.certificate_number || ' #' || w.id
    from (select id, row_number() over (
            partition by producer_org_id, campaign, certificate_number order by id) as n
          from withdrawals) d
    where d.id = w.id and d.n > 1`.execute(db);
  await sql`create unique index withdrawals_certificate_number_key
    on withdrawals (producer_org_id, campaign, certificate_number)`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop index withdrawals_certificate_number_key`.execute(db);
}
