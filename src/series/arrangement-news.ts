import { queueMessages, type NewMessage } from '../mail/outbox.js';
import { render } from '../mail/templates.js';
import { channelsFor, type Channel, type MessageKind } from '../notifications/choices.js';
import { asLang } from '../notifications/payloads.js';
import type { Db } from '../donations/donation.js';

/** What an association's members are told of a standing arrangement (series/mail-templates.ts). */
export interface AssociationNews {
  associationId: number;
  kind: Extract<MessageKind, 'arrangement_offer'>;
  template: string;
  /** unique per piece of news: written twice, it is there once */
  key: string;
  params: Record<string, string | number>;
  /** the page it is about, on this site */
  link: string;
}

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Tells the association's members, in the caller's transaction, on the channels each chose for
 * that kind (push where they have a device, else e-mail; nothing rings in quiet hours): e-mail
 * and SMS through the mail outbox, a push row per device. Returns how many messages were written.
 */
export async function tellAssociation(trx: Db, news: AssociationNews, now: Date) {
  const members = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.lang'])
    .where('m.organisation_id', '=', news.associationId)
    .orderBy('u.id')
    .execute();
  if (!members.length) return 0;
  const channels = await channelsFor(
    trx,
    members.map((m) => m.id),
    news.kind,
    now,
  );
  const on = (c: Channel) => members.filter((m) => channels.get(m.id)?.includes(c));
  const message = (m: { id: number }): NewMessage => ({
    userId: m.id,
    template: news.template,
    key: news.key,
    purpose: 'arrangement_offer',
    params: news.params,
    links: { arrangements: news.link },
  });
  let written =
    (await queueMessages(trx, 'email', on('email').map(message), now)) +
    (await queueMessages(trx, 'sms', on('sms').map(message), now));
  const ringing = on('push');
  if (!ringing.length) return written;
  const lang = new Map(ringing.map((m) => [m.id, asLang(m.lang)]));
  const devices = await trx
    .selectFrom('push_subscriptions')
    .select(['id', 'user_id'])
    .where(
      'user_id',
      'in',
      ringing.map((m) => m.id),
    )
    .orderBy('id')
    .execute();
  if (!devices.length) return written;
  await trx
    .insertInto('push_deliveries')
    .values(
      devices.map((d) => {
        const m = render(news.template, lang.get(d.user_id)!, news.params, {});
        return {
          subscription_id: d.id,
          donation_id: null,
          payload: JSON.stringify({
            title: short(m.subject, 100),
            body: short(m.text.split('\n\n')[1] ?? '', 200),
            url: news.link,
            donationId: null,
          }),
          next_attempt_at: now,
        };
      }),
    )
    .execute();
  return written + devices.length;
}
