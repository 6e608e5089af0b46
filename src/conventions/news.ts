import type { Kysely } from 'kysely';
import type { Convention, ConventionSide, Database } from '../db/schema.js';
import { render } from '../mail/templates.js';
import { queueNotifications, type Message } from '../notifications/queue.js';
import { asLang } from '../notifications/payloads.js';
import type { ConventionEvent } from './mail-templates.js';
import type { ConventionTerms } from './terms.js';

const frDay = (iso: string) => iso.split('-').reverse().join('/');
const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Tells the managers of the side that did not act what happened to the agreement (proposed,
 * accepted, declined, ended, withdrawn), through the one outbox, in the caller's transaction and
 * on the channels each chose for `convention_news` (an e-mail by default); the e-mail is worded
 * in each reader's language when it leaves, the push when it is queued.
 */
export async function tellOtherSide(
  trx: Kysely<Database>,
  c: Convention,
  event: ConventionEvent,
  actedAs: ConventionSide,
  now: Date,
) {
  const otherId = actedAs === 'shop' ? c.association_id : c.shop_id;
  const managers = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.lang'])
    .where('m.organisation_id', '=', otherId)
    .where('m.role', '=', 'manager')
    .orderBy('u.id')
    .execute();
  if (!managers.length) return;
  const terms = c.terms as unknown as ConventionTerms;
  const shop = terms.shop?.name ?? '';
  const association = terms.association?.name ?? '';
  const params = {
    event,
    by: actedAs === 'shop' ? shop : association,
    shop,
    association,
    startsOn: frDay(c.starts_on),
    reason: (event === 'declined' ? c.decline_reason : c.end_reason) ?? '',
  };
  const link = `/conventions/${c.id}`;
  const messages: Message[] = managers.map((m) => ({
    userId: m.id,
    mail: {
      template: 'convention_news',
      key: `convention:${c.id}:${event}`,
      params,
      links: { convention: link },
    },
    push: {
      key: `convention:${c.id}:${event}`,
      payload: () => {
        const r = render('convention_news', asLang(m.lang), params, {});
        return {
          title: short(r.subject, 100),
          body: short(r.text.split('\n\n')[1] ?? '', 200),
          url: link,
          donationId: null,
        };
      },
    },
  }));
  await queueNotifications(trx, 'convention_news', messages, now);
}
