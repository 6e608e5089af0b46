import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { loadFactors } from '../../stats/factors.js';
import { computeStats } from '../../stats/queries.js';
import type { Scope } from '../../shared/scope.js';
import { fallsOn } from '../../series/dates.js';
import { addDays, parisDate, parisLocalToDate } from '../../shared/time.js';
import { channelsFor } from '../choices.js';
import { asLang } from '../payloads.js';
import { recordNothingToTell, sendScheduled, type Queued, type ScheduledMessage } from './send.js';
import { formatNumber } from './words.js';

type Db = Kysely<Database>;

/** The ISO week of a date 'YYYY-MM-DD', as '2026-W48'. */
export function isoWeek(date: string) {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day); // the Thursday of its week
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The weekly summary, on Monday, of the week before (Monday to Sunday, Paris days): for each
 * shop and association of the recipient, the kg and meals (the dashboard's figures, scoped to
 * that organisation), the pickups missed, and what is planned (claimed, still to come). To the
 * members who have a channel for it (managers by default; members only if they chose it), once
 * per user and ISO week. An organisation with nothing to tell is left out.
 */
export async function queueWeeklySummaries(db: Db, now: Date): Promise<Queued> {
  const today = parisDate(now);
  const from = addDays(today, -7);
  const to = addDays(today, -1);
  const key = `weekly_summary:${isoWeek(from)}`;
  const members = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as user_id', 'u.lang', 'o.id as org_id', 'o.kind', 'o.name'])
    .where('o.kind', 'in', ['shop', 'association'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('scheduled_sends as ss')
            .select('ss.key')
            .where('ss.key', '=', key)
            .whereRef('ss.user_id', '=', 'u.id'),
        ),
      ),
    )
    .orderBy('u.id')
    .orderBy('o.id')
    .execute();
  const channels = await channelsFor(
    db,
    members.map((m) => m.user_id),
    'weekly_summary',
    now,
  );
  const wanted = members.filter((m) => channels.get(m.user_id)?.length);
  const factors = wanted.length ? await loadFactors(db) : null;
  const start = parisLocalToDate(from, '00:00')!;
  const end = parisLocalToDate(today, '00:00')!;
  const figures = new Map<number, Awaited<ReturnType<typeof orgWeek>>>();
  for (const m of wanted)
    if (!figures.has(m.org_id))
      figures.set(m.org_id, await orgWeek(db, m, { from, to, start, end, now }, factors!));
  const byUser = new Map<number, typeof wanted>();
  for (const m of wanted)
    if (figures.get(m.org_id)!.any) byUser.set(m.user_id, [...(byUser.get(m.user_id) ?? []), m]);
  const messages: ScheduledMessage[] = [...byUser].map(([userId, orgs]) => {
    const lang = asLang(orgs[0].lang);
    const params: Record<string, string | number> = { from, to, n: orgs.length };
    for (const [i, o] of orgs.entries()) {
      const f = figures.get(o.org_id)!;
      Object.assign(params, {
        [`org${i}`]: o.name,
        [`kind${i}`]: o.kind,
        [`kg${i}`]: formatNumber(lang, f.kg),
        [`meals${i}`]: f.meals,
        [`pickups${i}`]: f.pickups,
        [`missed${i}`]: f.missed,
        [`planned${i}`]: f.planned,
        [`plannedKg${i}`]: formatNumber(lang, f.plannedKg),
        [`regular${i}`]: f.regular,
        [`regularKg${i}`]: formatNumber(lang, f.regularKg),
      });
    }
    return {
      userId,
      lang,
      key,
      template: 'weekly_summary',
      params,
      links: { dashboard: `/dashboard?from=${from}&to=${to}` },
      pushUrl: '/dashboard',
    };
  });
  // those whose organisations had nothing to tell are done too: the next hourly run of the day
  // does not compute their week again (it would find the same nothing, once an hour until midnight)
  const quiet = [...new Set(wanted.map((m) => m.user_id))].filter((id) => !byUser.has(id));
  await recordNothingToTell(db, key, quiet, now);
  return sendScheduled(db, 'weekly_summary', messages, now);
}

async function orgWeek(
  db: Db,
  o: { org_id: number; kind: string },
  p: { from: string; to: string; start: Date; end: Date; now: Date },
  factors: Awaited<ReturnType<typeof loadFactors>>,
) {
  const shop = o.kind === 'shop';
  const scope: Scope = {
    all: false,
    label: '',
    shopIds: shop ? [o.org_id] : [],
    associationIds: shop ? [] : [o.org_id],
  };
  const stats = await computeStats(
    db,
    scope,
    {
      period: 'custom',
      from: p.from,
      to: p.to,
      series: 'week',
      category: null,
      shopId: null,
      associationId: null,
      organisationId: null,
    },
    factors,
  );
  const col = shop ? sql.ref('shop_id') : sql.ref('claimed_by');
  const { rows } = await sql<{ missed: number; planned: number; planned_kg: number }>`
    select count(*) filter (where status = 'missed' and pickup_until >= ${p.start} and pickup_until < ${p.end})::int as missed,
      count(*) filter (where status = 'claimed' and pickup_until > ${p.now})::int as planned,
      coalesce(sum(quantity_kg) filter (where status = 'claimed' and pickup_until > ${p.now}), 0)::float8 as planned_kg
    from donations where ${col} = ${o.org_id}`.execute(db);
  const r = rows[0];
  const regular = await regularWeekAhead(db, o, p.now);
  return {
    kg: stats.pickedUpKg,
    meals: stats.meals,
    pickups: stats.pickups,
    missed: Number(r.missed),
    planned: Number(r.planned),
    plannedKg: Number(r.planned_kg),
    regular: regular.dates,
    regularKg: regular.kg,
    any:
      stats.donations > 0 ||
      stats.pickups > 0 ||
      Number(r.missed) > 0 ||
      Number(r.planned) > 0 ||
      regular.dates > 0,
  };
}

/**
 * The regular donations (series) of the week ahead, today and the six days after (Paris): for a
 * shop its own series, for an association those it has a standing arrangement with. A date
 * counts unless it is skipped, falls in the shop's holidays, or its donation was withdrawn;
 * those already posted count too (once: as the date of their series).
 */
async function regularWeekAhead(db: Db, o: { org_id: number; kind: string }, now: Date) {
  const today = parisDate(now);
  const last = addDays(today, 6);
  const series = await db
    .selectFrom('donation_series as s')
    .select([
      's.id',
      's.shop_id',
      's.quantity_kg',
      's.weekdays',
      's.pickup_from_time',
      's.pickup_until_time',
      's.starts_on',
      's.ends_on',
      's.lead_minutes',
    ])
    .where(o.kind === 'shop' ? 's.shop_id' : 's.association_id', '=', o.org_id)
    .where('s.ended_at', 'is', null)
    .where('s.starts_on', '<=', last)
    .where((eb) => eb.or([eb('s.ends_on', 'is', null), eb('s.ends_on', '>=', today)]))
    .execute();
  if (!series.length) return { dates: 0, kg: 0 };
  const ids = series.map((s) => s.id);
  const [made, closures] = await Promise.all([
    db
      .selectFrom('donation_series_dates as sd')
      .leftJoin('donations as d', 'd.id', 'sd.donation_id')
      .select(['sd.series_id', 'sd.day', 'sd.skipped', 'd.status'])
      .where('sd.series_id', 'in', ids)
      .where('sd.day', '>=', today)
      .where('sd.day', '<=', last)
      .execute(),
    db
      .selectFrom('shop_closures')
      .select(['shop_id', 'starts_on', 'ends_on'])
      .where('shop_id', 'in', [...new Set(series.map((s) => s.shop_id))])
      .where('ends_on', '>=', today)
      .where('starts_on', '<=', last)
      .execute(),
  ]);
  const dropped = new Set(
    made.filter((m) => m.skipped || m.status === 'cancelled').map((m) => `${m.series_id}|${m.day}`),
  );
  let dates = 0;
  let kg = 0;
  for (let day = today; day <= last; day = addDays(day, 1))
    for (const s of series) {
      if (!fallsOn(s, day) || dropped.has(`${s.id}|${day}`)) continue;
      if (closures.some((c) => c.shop_id === s.shop_id && c.starts_on <= day && day <= c.ends_on))
        continue;
      dates += 1;
      kg += Number(s.quantity_kg);
    }
  return { dates, kg: Math.round(kg * 10) / 10 };
}
