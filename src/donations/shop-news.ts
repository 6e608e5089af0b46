import type { Actor } from '../accounts/actor.js';
import { render } from '../mail/templates.js';
import type { MessageKind } from '../notifications/choices.js';
import { queueNotifications, type Message } from '../notifications/queue.js';
import type { Lang } from '../i18n/index.js';
import { asLang } from '../notifications/payloads.js';
import type { Db } from './donation.js';

/** What the shop is told of one change of its donation: a template of mail-templates.ts. */
export interface ShopNews {
  shopId: number;
  donationId: number;
  kind: Extract<
    MessageKind,
    'donation_claimed' | 'donation_released' | 'donation_picked_up' | 'donation_unclaimed'
  >;
  template: string;
  /** unique per change (`released:<id>:<claimed at>`): written twice, it is there once */
  key: string;
  /** the same in every language, or written for each recipient's language */
  params: Params | ((lang: Lang) => Params);
}
type Params = Record<string, string | number>;

const short = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
export const shortDescription = (d: { description: string }) => short(d.description);

/**
 * Tells the shop's staff, in the transaction of the change, on the channels each chose for that
 * kind (choices.ts: push where they have a device, else e-mail; nothing rings in quiet hours): an
 * e-mail or SMS through the mail outbox (one-click unsubscribe, 'donation_updates'), a push row per
 * device, worded from the same template (its subject and first sentence). Only that shop's
 * members; a few statements whatever their number. Returns how many messages were written.
 */
export async function tellShop(trx: Db, news: ShopNews, now: Date): Promise<number> {
  const staff = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.lang'])
    .where('m.organisation_id', '=', news.shopId)
    .orderBy('u.id')
    .execute();
  if (!staff.length) return 0;
  const params = (lang: string) =>
    typeof news.params === 'function' ? news.params(asLang(lang)) : news.params;
  const messages = staff.map((s): Message => {
    const lang = asLang(s.lang);
    return {
      userId: s.id,
      mail: {
        template: news.template,
        key: news.key,
        donationId: news.donationId,
        purpose: 'donation_updates',
        params: params(lang),
        links: { donation: `/donations/${news.donationId}` },
      },
      push: {
        // no donation id: the push sender drops the rows of donations no longer open
        payload: () => {
          const m = render(news.template, lang, params(lang), {});
          return {
            title: short(m.subject, 100),
            body: short(m.text.split('\n\n')[1] ?? '', 200),
            url: `/donations/${news.donationId}`,
            donationId: null,
          };
        },
      },
    };
  });
  const queued = await queueNotifications(trx, news.kind, messages, now);
  return queued.email + queued.sms + queued.push;
}

/** Who did it, as the shop reads it: the person and their association. */
export function byWhom(actor: Actor, associationId: number) {
  const org = actor.memberships.find((m) => m.organisationId === associationId);
  return { driver: actor.user.name, association: org?.name ?? '' };
}
