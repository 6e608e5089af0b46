import { sql, type Kysely } from 'kysely';
import type { Database, DonationStatus } from '../db/schema.js';
import { formatNumber } from '../i18n/format.js';
import { t, type Lang } from '../i18n/index.js';
import { openCalendarFeed } from './feeds.js';
import { writeCalendar, type CalendarEvent } from './ical.js';

/** How far back the feed keeps pickups that are over, and how many events it holds at most. */
export const CALENDAR_PAST_DAYS = 30;
export const CALENDAR_MAX_EVENTS = 500;

/**
 * The pickups one user may see in their calendar, read with their memberships as they are now (a
 * member who left sees nothing of that organisation any more):
 * - for the associations they belong to, the donations the association holds or held (claimed,
 *   taken, refused at the counter, missed); a released claim is no longer theirs;
 * - for the shops they belong to, the shop's own donations, open ones included (tentative), and
 *   cancelled or expired ones as cancelled.
 * Only what their pages show them: the shop's address for the pickup, never the handover code, the
 * access notes or a phone (a calendar URL is handed to calendar services).
 */
export async function calendarDonations(db: Kysely<Database>, userId: number, now: Date) {
  const since = new Date(now.getTime() - CALENDAR_PAST_DAYS * 86_400_000);
  const mine = (kind: 'shop' | 'association') =>
    sql`(select m.organisation_id from memberships m join organisations o on o.id = m.organisation_id
          where m.user_id = ${userId} and o.kind = ${kind})`;
  return (
    db
      .selectFrom('donations as d')
      .innerJoin('organisations as s', 's.id', 'd.shop_id')
      .leftJoin('organisations as a', 'a.id', 'd.claimed_by')
      .select([
        'd.id',
        'd.status',
        'd.category',
        'd.description',
        'd.quantity_kg',
        'd.pickup_from',
        'd.pickup_until',
        'd.arrival_at',
        's.name as shop_name',
        's.address_label',
        's.address',
        's.postcode',
        's.town',
        'a.name as association_name',
      ])
      .select(
        sql<boolean>`d.claimed_by in ${mine('association')} and d.status in ('claimed', 'picked_up', 'refused', 'missed')`.as(
          'as_association',
        ),
      )
      .where('d.pickup_until', '>', since)
      .where((eb) =>
        eb.or([
          eb.and([
            sql<boolean>`d.claimed_by in ${mine('association')}`,
            eb('d.status', 'in', ['claimed', 'picked_up', 'refused', 'missed']),
          ]),
          sql<boolean>`d.shop_id in ${mine('shop')}`,
        ]),
      )
      // what is ahead first, so that a busy feed's cap drops the oldest past events, not the next ones
      .orderBy(sql`d.pickup_until < ${now}`)
      .orderBy('d.pickup_from')
      .orderBy('d.id')
      .limit(CALENDAR_MAX_EVENTS)
      .execute()
  );
}

type Row = Awaited<ReturnType<typeof calendarDonations>>[number];

const STATUS: Record<DonationStatus, CalendarEvent['status']> = {
  open: 'TENTATIVE',
  claimed: 'CONFIRMED',
  picked_up: 'CONFIRMED',
  refused: 'CONFIRMED',
  missed: 'CONFIRMED',
  cancelled: 'CANCELLED',
  expired: 'CANCELLED',
};

/** One donation as a calendar event, in the user's language. */
export function donationEvent(r: Row, lang: Lang, site: { host: string; url: string }) {
  const kg = formatNumber(lang, r.quantity_kg);
  const vars = { kg, category: t(lang, `cat.${r.category}`), shop: r.shop_name };
  const summary = r.as_association
    ? t(lang, 'cal.summary_pickup', vars)
    : t(lang, 'cal.summary_shop', vars);
  const lines = [r.description, t(lang, `don.status.${r.status}`)];
  if (!r.as_association && r.association_name && r.status !== 'open')
    lines.push(t(lang, 'cal.by', { association: r.association_name }));
  if (r.arrival_at && r.status === 'claimed')
    lines.push(t(lang, 'cal.arrival', { time: hhmm(r.arrival_at, lang) }));
  const place =
    r.address_label ?? [r.address, [r.postcode, r.town].filter(Boolean).join(' ')].join(', ');
  return {
    uid: `donation-${r.id}@${site.host}`,
    start: r.pickup_from,
    end: r.pickup_until,
    summary,
    description: lines.join('\n'),
    location: `${r.shop_name}, ${place}`,
    url: new URL(`/donations/${r.id}`, site.url).toString(),
    status: STATUS[r.status],
  } satisfies CalendarEvent;
}

function hhmm(d: Date, lang: Lang) {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/**
 * The calendar file behind a secret URL: the fetch counted (feeds.ts), then the pickups its owner
 * may see now, in their language. `site` is where the links point (PUBLIC_URL or the request's).
 */
export async function readCalendar(
  db: Kysely<Database>,
  token: string,
  now: Date,
  site: { host: string; url: string },
) {
  const userId = await openCalendarFeed(db, token, now);
  const user = await db
    .selectFrom('users')
    .select('lang')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const lang: Lang = user.lang === 'en' ? 'en' : 'fr';
  const rows = await calendarDonations(db, userId, now);
  return writeCalendar({
    name: t(lang, 'cal.name'),
    prodId: '-//Surplus Link//Calendar 1.0//FR',
    events: rows.map((r) => donationEvent(r, lang, site)),
    now,
  });
}
