import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { addDays, parisDate, parisLocalToDate } from '../../shared/time.js';
import { asLang } from '../payloads.js';
import { sendScheduled, type Queued, type ScheduledMessage } from './send.js';
import { formatNumber } from './words.js';

type Db = Kysely<Database>;

/**
 * "The receipt of the month is ready". Receipts are made on demand (src/receipts: the pickups of
 * a period, by shop and association), so on the 1st of the month each shop that had pickups in
 * the month before is told, with a link to /receipts for that month and shop: to its managers,
 * once per shop, month and manager.
 */
export async function queueReceiptsReady(db: Db, now: Date): Promise<Queued> {
  const first = `${parisDate(now).slice(0, 7)}-01`;
  const from = `${addDays(first, -1).slice(0, 7)}-01`;
  const to = addDays(first, -1);
  const month = from.slice(0, 7);
  const rows = await db
    .selectFrom('donations as d')
    .innerJoin('organisations as s', 's.id', 'd.shop_id')
    .innerJoin('memberships as m', (j) =>
      j.onRef('m.organisation_id', '=', 'd.shop_id').on('m.role', '=', 'manager'),
    )
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      's.id as shop_id',
      's.name as shop',
      'u.id as user_id',
      'u.lang',
      sql<number>`count(*)::int`.as('pickups'),
      sql<number>`count(distinct d.claimed_by)::int`.as('associations'),
      sql<number>`sum(coalesce(d.received_kg, d.quantity_kg))::float8`.as('kg'),
    ])
    .where('s.kind', '=', 'shop')
    .where('d.status', '=', 'picked_up')
    .where('d.picked_up_at', '>=', parisLocalToDate(from, '00:00')!)
    .where('d.picked_up_at', '<', parisLocalToDate(first, '00:00')!)
    .groupBy(['s.id', 's.name', 'u.id', 'u.lang'])
    .orderBy('s.id')
    .orderBy('u.id')
    .execute();
  const messages: ScheduledMessage[] = rows.map((r) => {
    const lang = asLang(r.lang);
    const path = `/receipts?from=${from}&to=${to}&shop=${r.shop_id}`;
    return {
      userId: r.user_id,
      lang,
      key: `receipt_ready:${r.shop_id}:${month}`,
      template: 'receipt_ready',
      params: {
        shop: r.shop,
        month,
        kg: formatNumber(lang, r.kg),
        pickups: r.pickups,
        associations: r.associations,
      },
      links: { receipts: path },
      pushUrl: path,
    };
  });
  return sendScheduled(db, 'receipt_ready', messages, now);
}
