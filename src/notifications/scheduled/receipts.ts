import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { addDays, parisDate, parisLocalToDate } from '../../shared/time.js';
import { asLang } from '../payloads.js';
import { sendScheduled, type Queued, type ScheduledMessage } from './send.js';
import { formatNumber } from './words.js';
import { donationSplits } from '../../rounds/split-kg.js';

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
  // a donation of a shared round is received by each association of its split (donationSplits):
  // each issues its receipt, so each is counted; the kg of the donation once, whatever the split
  const { rows } = await sql<{
    shop_id: number;
    shop: string;
    user_id: number;
    lang: string;
    pickups: number;
    associations: number;
    kg: number;
  }>`
    select s.id as shop_id, s.name as shop, u.id as user_id, u.lang,
      count(distinct d.id)::int as pickups,
      count(distinct coalesce(sp.association_id, d.claimed_by))::int as associations,
      sum(coalesce(d.received_kg, d.quantity_kg) * coalesce(sp.fraction, 1))::float8 as kg
    from donations d
      join organisations s on s.id = d.shop_id
      join memberships m on m.organisation_id = d.shop_id and m.role = 'manager'
      join users u on u.id = m.user_id
      left join (${donationSplits}) sp on sp.donation_id = d.id
    where s.kind = 'shop' and d.status = 'picked_up'
      and d.picked_up_at >= ${parisLocalToDate(from, '00:00')!}
      and d.picked_up_at < ${parisLocalToDate(first, '00:00')!}
    group by s.id, s.name, u.id, u.lang
    order by s.id, u.id`.execute(db);
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
