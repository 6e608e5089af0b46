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

function groupBy<T>(rows: T[], key: (r: T) => number) {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Rows of one statement: at most 65,535 parameters (4 a push row). */
const CHUNK = 1_000;

/**
 * Tells the associations' members, in the caller's transaction, on the channels each chose for
 * that kind (push where they have a device, else e-mail; nothing rings in quiet hours): e-mail
 * and SMS through the mail outbox, a push row per device. Any number of pieces of news in the
 * same few statements (the members, their choices, one insert per channel, their devices).
 * Returns how many messages were written.
 */
export async function tellAssociations(trx: Db, news: AssociationNews[], now: Date) {
  if (!news.length) return 0;
  const kinds = new Set(news.map((n) => n.kind));
  if (kinds.size > 1) throw new Error('tellAssociations: one kind of news at a time');
  const members = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.organisation_id', 'u.id', 'u.lang'])
    .where('m.organisation_id', 'in', [...new Set(news.map((n) => n.associationId))])
    .orderBy('u.id')
    .execute();
  if (!members.length) return 0;
  const channels = await channelsFor(
    trx,
    members.map((m) => m.id),
    news[0]!.kind,
    now,
  );
  const byOrg = groupBy(members, (m) => m.organisation_id);
  const pairs = news.flatMap((n) => (byOrg.get(n.associationId) ?? []).map((m) => ({ n, m })));
  const on = (c: Channel) => pairs.filter(({ m }) => channels.get(m.id)?.includes(c));
  const message = ({ n, m }: (typeof pairs)[number]): NewMessage => ({
    userId: m.id,
    template: n.template,
    key: n.key,
    purpose: 'arrangement_offer',
    params: n.params,
    links: { arrangements: n.link },
  });
  let written =
    (await queueMessages(trx, 'email', on('email').map(message), now)) +
    (await queueMessages(trx, 'sms', on('sms').map(message), now));
  const ringing = on('push');
  if (!ringing.length) return written;
  const devices = await trx
    .selectFrom('push_subscriptions')
    .select(['id', 'user_id'])
    .where('user_id', 'in', [...new Set(ringing.map(({ m }) => m.id))])
    .orderBy('id')
    .execute();
  const byUser = groupBy(devices, (d) => d.user_id);
  const rows = ringing.flatMap(({ n, m }) =>
    (byUser.get(m.id) ?? []).map((d) => {
      const text = render(n.template, asLang(m.lang), n.params, {});
      return {
        subscription_id: d.id,
        donation_id: null,
        payload: JSON.stringify({
          title: short(text.subject, 100),
          body: short(text.text.split('\n\n')[1] ?? '', 200),
          url: n.link,
          donationId: null,
        }),
        next_attempt_at: now,
      };
    }),
  );
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto('push_deliveries')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  return written + rows.length;
}
