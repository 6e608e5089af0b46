// Whose kg a donation of a shared round is (issue #19): the split recorded at the end of the round
// (round_shares, shares.ts) is of the round's kg as a whole, so each of its donations is shared out
// in the same proportion. The stats (src/stats/transfers.ts), the receipts (src/receipts/domain.ts)
// and the traceability record (src/quality/traceability.ts) read this one set, so they agree.
import { sql } from 'kysely';

/**
 * One row per donation of a split round and association of the split: `fraction` of the kg that
 * association received of it (association's kg / the round's kg; the fractions of a donation add
 * up to 1) and `round_kg`, its kg of the whole round. A donation counts in the newest round of the
 * association that claimed it (as roundOfStop: one released from a round and claimed again on a
 * newer one follows the newer). A round split with 0 kg in all has no rows: nothing to share.
 * A set, to join (`left join (${donationSplits}) sp on sp.donation_id = d.id`), never per donation.
 */
export const donationSplits = sql`
  select s.donation_id, sh.association_id, sh.kg / t.kg as fraction, sh.kg as round_kg, s.round_id
  from round_stops s
    join rounds r on r.id = s.round_id
    join donations dd on dd.id = s.donation_id and dd.claimed_by = r.association_id
    join (select round_id, sum(kg) as kg from round_shares group by round_id having sum(kg) > 0) t
      on t.round_id = s.round_id
    join round_shares sh on sh.round_id = s.round_id
  where not exists (
    select 1 from round_stops s2 join rounds r2 on r2.id = s2.round_id
    where s2.donation_id = s.donation_id and r2.association_id = r.association_id
      and s2.round_id > s.round_id)`;
