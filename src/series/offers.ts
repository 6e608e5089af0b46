import { sql } from 'kysely';
import { isMemberOf, type Actor } from '../accounts/actor.js';
import type { ArrangementOffer, Donation } from '../db/schema.js';
import { claimDonation } from '../donations/claims.js';
import type { Db } from '../donations/donation.js';
import { MAX_AHEAD_MS } from '../donations/rules.js';
import type { WaveSettings } from '../notifications/planning.js';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../shared/errors.js';
import { addDays, parisDate } from '../shared/time.js';
import { tellAssociations } from './arrangement-news.js';
import { postOccurrence } from './occurrences.js';

/**
 * How far ahead the association sees the dates it is asked to confirm: a date is offered once
 * its window ends within the week a donation may be posted ahead (MAX_AHEAD_MS), so that a
 * confirmation can be claimed at once; the week to come can be confirmed in one step.
 */
export const OFFER_DAYS = 7;
/** Offers handled per round of a job (each in a transaction of its own). */
const BATCH = 500;

/**
 * The dates of active arrangements, up to OFFER_DAYS ahead, become offers to their association,
 * while their deadline is ahead: one statement takes each date's `donation_series_dates` row
 * (its primary key makes each date once, whichever instance gets there first) and writes the
 * offer beside it; a date withdrawn by a closure that was lifted is offered again. The
 * association's members are told once per arrangement and run (the `arrangement_offer` kind),
 * the news of every arrangement of the run in the same few statements.
 */
export async function offerDueDates(db: Db, now: Date) {
  const today = parisDate(now);
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<ArrangementOffer & { association_id: number; shop_name: string }>`
      with due as (
        select a.id as arrangement_id, s.id as series_id, d.day,
          ((d.day + s.pickup_from_time::time) at time zone 'Europe/Paris')
            - a.confirm_minutes * interval '1 minute' as deadline
        from series_arrangements a
        join donation_series s on s.id = a.series_id and s.ended_at is null
        cross join lateral (
          select (${today}::date + g)::date as day from generate_series(0, ${OFFER_DAYS}) g
        ) d
        where a.status = 'active'
          and ((d.day + s.pickup_until_time::time) at time zone 'Europe/Paris')
            <= ${new Date(now.getTime() + MAX_AHEAD_MS)}
          and s.starts_on <= d.day and (s.ends_on is null or s.ends_on >= d.day)
          and (s.weekdays & (1 << extract(isodow from d.day)::int)) <> 0
          and not exists (
            select 1 from shop_closures c
            where c.shop_id = s.shop_id and d.day between c.starts_on and c.ends_on)
      ),
      taken as (
        insert into donation_series_dates (series_id, day, donation_id, created_at)
        select series_id, day, null, ${now} from due where deadline > ${now}
        on conflict (series_id, day) do nothing
        returning series_id, day
      ),
      offered as (
        insert into arrangement_offers (arrangement_id, series_id, day, deadline, created_at)
        select due.arrangement_id, due.series_id, due.day, due.deadline, ${now}
        from due join taken on taken.series_id = due.series_id and taken.day = due.day
        on conflict (arrangement_id, day) do update
          set status = 'pending', deadline = excluded.deadline, decided_at = null,
            decided_by = null, donation_id = null
          where arrangement_offers.status = 'withdrawn'
        returning *
      )
      select o.*, o.day::text as day, a.association_id, shop.name as shop_name
      from offered o
      join series_arrangements a on a.id = o.arrangement_id
      join organisations shop on shop.id = a.shop_id
      order by o.arrangement_id, o.day`.execute(trx);
    const byArrangement = new Map<number, typeof rows>();
    for (const r of rows) {
      const list = byArrangement.get(r.arrangement_id);
      if (list) list.push(r);
      else byArrangement.set(r.arrangement_id, [r]);
    }
    const news = [...byArrangement].map(([arrangementId, offers]) => ({
      associationId: offers[0]!.association_id,
      kind: 'arrangement_offer' as const,
      template: 'arrangement_offers',
      key: `offers:${arrangementId}:${offers.map((o) => o.day).join(',')}`,
      params: {
        shop: offers[0]!.shop_name,
        count: offers.length,
        first: offers[0]!.day,
        deadline: offers[0]!.deadline.toISOString(),
      },
      link: `/arrangements#arrangement-${arrangementId}`,
    }));
    // all the arrangements' news together, a bounded number at a time (the `in` lists)
    for (let i = 0; i < news.length; i += BATCH)
      await tellAssociations(trx, news.slice(i, i + BATCH), now);
    return rows;
  });
}

/**
 * The offers whose deadline has passed unanswered go to the usual waves: each in a transaction
 * whose guarded update (`where status = 'pending'`) only one instance wins; the loser finds the
 * row decided and does nothing. Returns the donations posted.
 */
export async function releaseExpiredOffers(db: Db, now: Date, waves?: WaveSettings) {
  const posted: Donation[] = [];
  for (;;) {
    const due = await db
      .selectFrom('arrangement_offers')
      .select(['arrangement_id', 'day'])
      .where('status', '=', 'pending')
      .where('deadline', '<=', now)
      .orderBy('deadline')
      .limit(BATCH)
      .execute();
    for (const o of due) {
      const d = await db.transaction().execute(async (trx) => {
        const won = await decide(trx, o, 'expired', null, now);
        return won && (await postForWaves(trx, won, now, waves));
      });
      if (d) posted.push(d);
    }
    if (due.length < BATCH) return posted;
  }
}

/** The guarded change of one pending offer; undefined when someone decided it first. */
function decide(
  trx: Db,
  o: { arrangement_id: number; day: string },
  status: 'confirmed' | 'declined' | 'expired',
  userId: number | null,
  now: Date,
) {
  return trx
    .updateTable('arrangement_offers')
    .set({ status, decided_at: now, decided_by: userId })
    .where('arrangement_id', '=', o.arrangement_id)
    .where('day', '=', o.day)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

async function seriesOf(trx: Db, seriesId: number) {
  return trx
    .selectFrom('donation_series')
    .selectAll()
    .where('id', '=', seriesId)
    .executeTakeFirstOrThrow();
}

/** The date as an ordinary donation, to the usual waves (a broken rule: none, as the job does). */
async function postForWaves(trx: Db, o: ArrangementOffer, now: Date, waves?: WaveSettings) {
  const made = await postOccurrence(trx, await seriesOf(trx, o.series_id), o.day, now, { waves });
  if (!('donation' in made)) return undefined;
  await trx
    .updateTable('arrangement_offers')
    .set({ donation_id: made.donation.id })
    .where('arrangement_id', '=', o.arrangement_id)
    .where('day', '=', o.day)
    .execute();
  return made.donation;
}

export class OfferClosedError extends ConflictError {
  constructor() {
    super('offer_closed', 'arr.err.offer_closed');
  }
}

export interface Decision {
  day: string;
  status: 'confirmed' | 'declined' | 'failed';
  donation: Donation | null;
  /** why it could not be done (a message key): decided already, the claim refused... */
  error: string | null;
}

/**
 * A member of the association answers dates of an active arrangement: the days given, or every
 * pending date of the week starting on `weekOf` (a Monday). Each date in a transaction of its
 * own. Confirmed: the date becomes a donation claimed by the association through claimDonation
 * (its rules and its one-winner update), or nothing happens if the claim is refused. Declined:
 * it goes to the usual waves at once.
 */
export async function decideOffers(
  db: Db,
  actor: Actor,
  arrangementId: number,
  choice: { decision: 'confirm' | 'decline'; days?: string[]; weekOf?: string },
  now: Date,
  waves?: WaveSettings,
): Promise<Decision[]> {
  const a = await db
    .selectFrom('series_arrangements')
    .selectAll()
    .where('id', '=', arrangementId)
    .executeTakeFirst();
  if (!a || !isMemberOf(actor, a.association_id)) throw new NotFoundError('arr.err.not_found');
  if (a.status !== 'active') throw new OfferClosedError();
  const days = choice.weekOf
    ? (
        await db
          .selectFrom('arrangement_offers')
          .select(sql<string>`day::text`.as('day'))
          .where('arrangement_id', '=', a.id)
          .where('status', '=', 'pending')
          .where('day', '>=', choice.weekOf)
          .where('day', '<=', addDays(choice.weekOf, 6))
          .orderBy('day')
          .execute()
      ).map((r) => r.day)
    : [...new Set(choice.days ?? [])].sort();
  if (!days.length) throw new ValidationError({ days: 'arr.err.no_dates' });
  const out: Decision[] = [];
  for (const day of days) {
    try {
      const donation = await db.transaction().execute(async (trx) => {
        const won = await decide(
          trx,
          { arrangement_id: a.id, day },
          choice.decision === 'confirm' ? 'confirmed' : 'declined',
          actor.user.id,
          now,
        );
        if (!won || (choice.decision === 'confirm' && won.deadline <= now))
          throw new OfferClosedError();
        if (choice.decision === 'decline')
          return (await postForWaves(trx, won, now, waves)) ?? null;
        const made = await postOccurrence(trx, await seriesOf(trx, a.series_id), day, now, {
          plan: false,
        });
        if (!('donation' in made)) throw new ValidationError(made.broken, 'arr.err.rules');
        const claimed = await claimDonation(trx, actor, made.donation.id, now);
        await trx
          .updateTable('arrangement_offers')
          .set({ donation_id: claimed.id })
          .where('arrangement_id', '=', a.id)
          .where('day', '=', day)
          .execute();
        return claimed;
      });
      const status = choice.decision === 'confirm' ? 'confirmed' : 'declined';
      out.push({ day, status, donation, error: null });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      out.push({ day, status: 'failed', donation: null, error: e.message });
    }
  }
  return out;
}

/** The offers of the actor's association's arrangements from `today` on, by arrangement. */
export async function upcomingOffers(db: Db, arrangementIds: number[], now: Date) {
  const byArrangement = new Map<number, ArrangementOffer[]>();
  if (!arrangementIds.length) return byArrangement;
  const rows = await db
    .selectFrom('arrangement_offers')
    .selectAll()
    .where('arrangement_id', 'in', arrangementIds)
    .where('day', '>=', parisDate(now))
    .orderBy('day')
    .limit(500)
    .execute();
  for (const r of rows)
    byArrangement.set(r.arrangement_id, [...(byArrangement.get(r.arrangement_id) ?? []), r]);
  return byArrangement;
}

export function offerToApi(o: ArrangementOffer) {
  return {
    day: o.day,
    status: o.status,
    deadline: o.deadline.toISOString(),
    donationId: o.donation_id,
  };
}
