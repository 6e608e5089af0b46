import { sql } from 'kysely';
import type { DonationSeries, Donation } from '../db/schema.js';
import type { Db } from '../donations/donation.js';
import { checkDonationRules } from '../donations/rules.js';
import {
  insertOpenDonation,
  insertOpenDonations,
  type NewOpenDonation,
} from '../donations/posting.js';
import { pgArray } from '../db/arrays.js';
import type { WaveSettings } from '../notifications/planning.js';
import { parisDate } from '../shared/time.js';
import { occurrenceOf } from './dates.js';
import { occurrenceInput, occurrenceRules } from './series.js';

/** How many days ahead the job looks: the longest lead time (6 days) and today. */
const HORIZON_DAYS = 7;
/**
 * Due occurrences read per round, then posted PER_TRANSACTION at a time. The selection reads every
 * running series, so fewer, larger rounds (20,000 shops: 10 rounds, not 40).
 */
const BATCH = 2_000;
/**
 * Occurrences posted at once, each on a connection of the pool (PostgreSQL's default pool is 10;
 * PGlite runs them one after the other): the posting path is mostly round trips, which overlap.
 */
const CONCURRENCY = 4;
/**
 * Dates posted in one transaction, set-based (makeOccurrences: the same dozen statements for 100
 * dates as for one) and with one commit (one flush of the log). 25 took 59.8 s for 20,000 shops
 * with a driver per association, 100 took 39.7 s (bench:series). A date's own failure rolls its batch back; the batch is then made again a date at a time,
 * so that the failing one is recorded alone and the others are made. The dates of a batch are
 * taken in the order of the selection (day, series), as every instance takes them: two instances
 * wait for one another on a date, never in a circle.
 */
const PER_TRANSACTION = 100;

type Due = DonationSeries & { day: string };

/**
 * The dates of running series whose lead time has come and whose window has not ended, that were
 * neither made nor skipped, nor closed by the shop's holidays. Times are Paris wall clock on each
 * date (PostgreSQL's time zone database, the same instants as shared/time.ts).
 */
async function dueOccurrences(db: Db, now: Date, limit: number): Promise<Due[]> {
  const today = parisDate(now);
  const { rows } = await sql<Due>`
    select s.*, d.day::text as day
    from donation_series s
    cross join lateral (
      select (${today}::date + g)::date as day from generate_series(0, ${HORIZON_DAYS}) g
    ) d
    where s.ended_at is null
      and s.starts_on <= d.day and (s.ends_on is null or s.ends_on >= d.day)
      and (s.weekdays & (1 << extract(isodow from d.day)::int)) <> 0
      and ((d.day + s.pickup_from_time::time) at time zone 'Europe/Paris')
        - s.lead_minutes * interval '1 minute' <= ${now}
      and ((d.day + s.pickup_until_time::time) at time zone 'Europe/Paris') > ${now}
      and not exists (
        select 1 from donation_series_dates x where x.series_id = s.id and x.day = d.day)
      and not exists (
        select 1 from series_arrangements a
        where a.series_id = s.id and a.status = 'active'
          and ((d.day + s.pickup_from_time::time) at time zone 'Europe/Paris')
            - a.confirm_minutes * interval '1 minute' > ${now})
      and not exists (
        select 1 from shop_closures c
        where c.shop_id = s.shop_id and d.day between c.starts_on and c.ends_on)
    order by d.day, s.id
    limit ${limit}`.execute(db);
  return rows;
}

export interface OccurrenceRun {
  made: Donation[];
  /** dates whose occurrence broke a posting rule when its time came (recorded, not retried) */
  refused: { seriesId: number; day: string; fields: Record<string, string> }[];
}

/**
 * Makes every occurrence that is due: each becomes an ordinary open donation through the same
 * posting path as a shop's post (donations/posting.ts: the rules, the shop's place, the first
 * alerts), in a transaction that first claims its (series, date) row (PER_TRANSACTION dates a
 * transaction). Another instance, or a rerun, finds the row taken and makes nothing: each date
 * is made once.
 */
export async function makeDueOccurrences(
  db: Db,
  now: Date,
  waves?: WaveSettings,
): Promise<OccurrenceRun> {
  const run: OccurrenceRun = { made: [], refused: [] };
  for (;;) {
    const due = await dueOccurrences(db, now, BATCH);
    const batches: Due[][] = [];
    for (let i = 0; i < due.length; i += PER_TRANSACTION)
      batches.push(due.slice(i, i + PER_TRANSACTION));
    await inParallel(batches, CONCURRENCY, async (batch) => {
      try {
        const part = await db.transaction().execute(async (trx) => {
          const part: OccurrenceRun = { made: [], refused: [] };
          await makeOccurrences(trx, batch, now, part, waves);
          return part;
        });
        run.made.push(...part.made);
        run.refused.push(...part.refused);
      } catch {
        // rolled back: each date again in a transaction of its own
        for (const s of batch) await makeOneSafely(db, s, now, run, waves);
      }
    });
    if (due.length < BATCH) break;
  }
  // in the order of the dates, whichever finished first
  run.made.sort((a, b) => a.pickup_from.getTime() - b.pickup_from.getTime() || a.id - b.id);
  return run;
}

/** `fn` over `items`, at most `n` at a time. */
async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/**
 * One date in a transaction of its own. One that fails (its transaction rolled back) must not
 * stop every later series: it is recorded as made without a donation, and the job goes on.
 */
async function makeOneSafely(db: Db, s: Due, now: Date, run: OccurrenceRun, waves?: WaveSettings) {
  try {
    const part: OccurrenceRun = { made: [], refused: [] };
    await db.transaction().execute((trx) => makeOccurrences(trx, [s], now, part, waves));
    run.made.push(...part.made);
    run.refused.push(...part.refused);
  } catch (e) {
    run.refused.push({ seriesId: s.id, day: s.day, fields: { error: 'err.server' } });
    await db
      .insertInto('donation_series_dates')
      .values({ series_id: s.id, day: s.day, donation_id: null, created_at: now })
      .onConflict((oc) => oc.columns(['series_id', 'day']).doNothing())
      .execute()
      .catch(() => undefined);
    console.error(`series ${s.id}, ${s.day}: not made`, e);
  }
}

/**
 * Claims the dates' rows, then posts them, in the caller's transaction (a date taken already by
 * another instance: nothing): one statement claims them all, one writes their donations and one
 * set of statements plans their alerts (insertOpenDonations), whatever the number of dates.
 */
async function makeOccurrences(
  trx: Db,
  batch: Due[],
  now: Date,
  run: OccurrenceRun,
  waves?: WaveSettings,
) {
  const claimed = await sql<{ series_id: number; day: string }>`
    insert into donation_series_dates (series_id, day, donation_id, created_at)
    select x.series_id, x.day, null, ${now}
    from unnest(${pgArray(batch.map((s) => s.id))}::int[], ${pgArray(batch.map((s) => s.day))}::date[])
      as x(series_id, day)
    on conflict (series_id, day) do nothing
    returning series_id, day::text as day`.execute(trx);
  const taken = new Set(claimed.rows.map((r) => `${r.series_id}|${r.day}`));
  const dates: { s: Due; item: NewOpenDonation }[] = [];
  for (const s of batch) {
    if (!taken.has(`${s.id}|${s.day}`)) continue; // made (or skipped) by someone else meanwhile
    const made = occurrenceDonation(s, s.day, now);
    if ('broken' in made) run.refused.push({ seriesId: s.id, day: s.day, fields: made.broken });
    else dates.push({ s, item: made.item });
  }
  const donations = await insertOpenDonations(
    trx,
    dates.map((d) => d.item),
    { event: { actor: null, note: 'series' }, now, waves },
  );
  await linkDates(
    trx,
    dates.map(({ s }, i) => ({ seriesId: s.id, day: s.day, donationId: donations[i].id })),
  );
  run.made.push(...donations);
}

/** Each date's row names the donation made of it: one statement for them all. */
async function linkDates(trx: Db, made: { seriesId: number; day: string; donationId: number }[]) {
  if (!made.length) return;
  await sql`update donation_series_dates x set donation_id = m.donation_id
    from unnest(${pgArray(made.map((m) => m.seriesId))}::int[], ${pgArray(made.map((m) => m.day))}::date[],
      ${pgArray(made.map((m) => m.donationId))}::int[]) as m(series_id, day, donation_id)
    where x.series_id = m.series_id and x.day = m.day`.execute(trx);
}

/**
 * The donation of one date of a regular donation, under the posting rules as of `now` (a window
 * that opened while no job ran, the server being down, is offered from now on), or which rule it
 * breaks.
 */
function occurrenceDonation(
  s: DonationSeries,
  day: string,
  now: Date,
): { item: NewOpenDonation } | { broken: Record<string, string> } {
  const o = occurrenceOf(s, day);
  const from = o.from.getTime() < now.getTime() ? new Date(now) : o.from;
  const rules = occurrenceRules(s, { ...o, from });
  const broken = checkDonationRules(rules, now);
  if (Object.keys(broken).length) return { broken };
  return {
    item: {
      shopId: s.shop_id,
      createdBy: s.created_by,
      input: occurrenceInput(s, rules),
      offer: rules,
      parentId: null,
      seriesId: s.id,
    },
  };
}

/**
 * Writes the donation of one date whose `donation_series_dates` row the caller holds, through
 * the posting path (the rules as of `now`, the shop's place, the first alerts unless `plan` is
 * false: a date confirmed by a standing arrangement is claimed at once instead), in the caller's
 * transaction. A broken rule writes nothing and says which.
 */
export async function postOccurrence(
  trx: Db,
  s: DonationSeries,
  day: string,
  now: Date,
  opts: { waves?: WaveSettings; plan?: boolean } = {},
): Promise<{ donation: Donation } | { broken: Record<string, string> }> {
  const made = occurrenceDonation(s, day, now);
  if ('broken' in made) return made;
  const donation = await insertOpenDonation(trx, {
    ...made.item,
    event: { actor: null, orgId: s.shop_id, note: 'series' },
    now,
    waves: opts.waves,
    plan: opts.plan ?? true,
  });
  await linkDates(trx, [{ seriesId: s.id, day, donationId: donation.id }]);
  return { donation };
}
