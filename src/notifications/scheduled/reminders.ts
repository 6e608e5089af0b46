import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { addDays, parisDate, parisLocalToDate, parisTime } from '../../shared/time.js';
import { asLang } from '../payloads.js';
import { sendScheduled, type Queued, type ScheduledMessage } from './send.js';
import { formatNumber } from './words.js';

type Db = Kysely<Database>;
const REMINDER_MS = 30 * 60_000;
/** At most this many pickups in one evening list (the rest are on the page it links to). */
export const LIST_MAX = 20;

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * The claimed donations of drivers still members of the claiming association: only they are
 * told (a driver who left it, or another association's, is not).
 */
function claimedByDrivers(db: Db) {
  return db
    .selectFrom('donations as d')
    .innerJoin('organisations as s', 's.id', 'd.shop_id')
    .innerJoin('users as u', 'u.id', 'd.claimed_by_user')
    .innerJoin('memberships as m', (j) =>
      j
        .onRef('m.user_id', '=', 'd.claimed_by_user')
        .onRef('m.organisation_id', '=', 'd.claimed_by'),
    )
    .select([
      'd.id',
      'd.description',
      'd.quantity_kg',
      'd.pickup_from',
      'd.pickup_until',
      's.name as shop',
      sql<string>`coalesce(s.address_label, s.address, '')`.as('address'),
      'u.id as user_id',
      'u.lang',
    ])
    .where('d.status', '=', 'claimed');
}

/**
 * The reminder, 30 minutes before the end of a window a driver claimed and has not picked up
 * yet: to that driver (donations.claimed_by_user), once per donation and driver. A claim made
 * in the last 30 minutes of its window gets none (the driver has just chosen to go). Run every
 * minute; a minute missed is caught up while the window lasts.
 */
export async function queuePickupReminders(db: Db, now: Date): Promise<Queued> {
  const rows = await claimedByDrivers(db)
    .where('d.pickup_until', '>', now)
    .where('d.pickup_until', '<=', new Date(now.getTime() + REMINDER_MS))
    .where('d.claimed_at', '<=', sql<Date>`d.pickup_until - interval '30 minutes'`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('scheduled_sends as ss')
            .select('ss.key')
            .where('ss.key', '=', sql<string>`'pickup_reminder:' || d.id`)
            .whereRef('ss.user_id', '=', 'd.claimed_by_user'),
        ),
      ),
    )
    .orderBy('d.id')
    .execute();
  const messages: ScheduledMessage[] = rows.map((r) => {
    const lang = asLang(r.lang);
    return {
      userId: r.user_id,
      lang,
      key: `pickup_reminder:${r.id}`,
      template: 'pickup_reminder',
      params: {
        shop: r.shop,
        address: r.address,
        description: short(r.description, 120),
        kg: formatNumber(lang, r.quantity_kg),
        until: parisTime(new Date(r.pickup_until)),
      },
      links: { donation: `/donations/${r.id}` },
      pushUrl: `/donations/${r.id}`,
      donationId: r.id,
    };
  });
  return sendScheduled(db, 'pickup_reminder', messages, now);
}

/**
 * The evening list: to each driver, the pickups they claimed whose window is open at some time
 * of the next morning (Paris, midnight to noon, whatever the change of hour that night), one
 * message per driver and date, soonest first.
 */
export async function queuePickupsTomorrow(db: Db, now: Date): Promise<Queued> {
  const tomorrow = addDays(parisDate(now), 1);
  const start = parisLocalToDate(tomorrow, '00:00')!;
  const noon = parisLocalToDate(tomorrow, '12:00')!;
  const key = `pickups_tomorrow:${tomorrow}`;
  const rows = await claimedByDrivers(db)
    .where('d.pickup_from', '<', noon)
    .where('d.pickup_until', '>', start)
    .where('d.pickup_until', '>', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('scheduled_sends as ss')
            .select('ss.key')
            .where('ss.key', '=', key)
            .whereRef('ss.user_id', '=', 'd.claimed_by_user'),
        ),
      ),
    )
    .orderBy('d.pickup_from')
    .orderBy('d.id')
    .execute();
  const byDriver = new Map<number, typeof rows>();
  for (const r of rows) byDriver.set(r.user_id, [...(byDriver.get(r.user_id) ?? []), r]);
  const messages: ScheduledMessage[] = [...byDriver].map(([userId, list]) => {
    const lang = asLang(list[0].lang);
    const params: Record<string, string | number> = {
      date: tomorrow,
      n: Math.min(list.length, LIST_MAX),
    };
    for (const [i, r] of list.slice(0, LIST_MAX).entries()) {
      params[`time${i}`] =
        `${parisTime(new Date(r.pickup_from))}–${parisTime(new Date(r.pickup_until))}`;
      params[`shop${i}`] = r.shop;
      params[`address${i}`] = r.address;
      params[`what${i}`] = `${short(r.description, 80)} (${formatNumber(lang, r.quantity_kg)} kg)`;
    }
    return {
      userId,
      lang,
      key,
      template: 'pickups_tomorrow',
      params,
      links: { list: '/donations' },
      pushUrl: '/donations',
    };
  });
  return sendScheduled(db, 'pickups_tomorrow', messages, now);
}
