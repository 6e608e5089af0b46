import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { parisTime } from '../shared/time.js';

type Db = Kysely<Database>;

export const CHANNELS = ['push', 'email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * The kinds of message a user can choose channels for. Essential messages (a password reset, a
 * confirmation link) are not here: they always go by e-mail.
 */
export const MESSAGE_KINDS = [
  // association members (drivers)
  'donation_alert', // a new donation fits the association
  'pickup_reminder', // 30 minutes before the end of a window they claimed, not picked up
  'pickups_tomorrow', // the evening before: the pickups claimed for the next morning
  'arrangement_offer', // a standing arrangement's new dates to confirm (series/offers.ts)
  // shop staff
  'donation_claimed',
  'donation_released',
  'donation_picked_up',
  'donation_unclaimed', // nobody took it after every wave
  'receipt_ready',
  // managers of shops and associations
  'weekly_summary',
  // members of the organisations of a territory's area: its news (territories/news.ts)
  'territory_news',
  'convention_news', // a donation agreement proposed, accepted, declined or ended by the other side
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Who a kind is for: the page shows a shop's staff the shop's kinds, an association's its own. */
export const KINDS_FOR: Record<'shop' | 'association' | 'producer_org', readonly MessageKind[]> = {
  // a producer organisation is of a territory's area too: it hears its news (issue #19)
  producer_org: ['territory_news'],
  association: [
    'donation_alert',
    'arrangement_offer',
    'pickup_reminder',
    'pickups_tomorrow',
    'weekly_summary',
    'territory_news',
    'convention_news',
  ],
  shop: [
    'donation_claimed',
    'donation_released',
    'donation_picked_up',
    'donation_unclaimed',
    'receipt_ready',
    'weekly_summary',
    'territory_news',
    'convention_news',
  ],
};

/** What a user who chose nothing gets: what rings where it can, else an e-mail. */
export function defaultChannels(
  kind: MessageKind,
  who: { hasPush: boolean; isManager: boolean },
): Channel[] {
  const ring: Channel[] = who.hasPush ? ['push'] : ['email'];
  switch (kind) {
    case 'pickups_tomorrow':
    case 'receipt_ready':
      return ['email'];
    case 'weekly_summary':
    case 'territory_news':
    case 'convention_news': // managers only are told; a member who is not chooses nothing
      return who.isManager ? ['email'] : []; // off by default for members
    default:
      return ring;
  }
}

/** Whether a Paris wall-clock time 'HH:MM' falls within quiet hours (which may cross midnight). */
export function inQuietHours(time: string, from: string | null, until: string | null): boolean {
  if (!from || !until) return false;
  const [t, f, u] = [time, from.slice(0, 5), until.slice(0, 5)];
  if (f === u) return false;
  return f < u ? t >= f && t < u : t >= f || t < u;
}

/**
 * What channelsFor decides from, for one user and one kind: read in one statement by channelFacts,
 * or with the members of the associations an alert tells (alerts.ts), so that the devices a push
 * goes to need no statement of their own either (queue.ts).
 */
export interface ChannelFacts {
  id: number;
  quiet_from: string | null;
  quiet_until: string | null;
  is_manager: boolean;
  /** their choice for the kind, or null (the default) */
  channels: Channel[] | null;
  /** the ids of their push devices, in order */
  devices: number[];
}

/**
 * The columns of ChannelFacts, selected from `users as u` (one row per user): the drivers give
 * them as they are typed (exists as a boolean, jsonb and json parsed).
 */
export function channelFactColumns(kind: MessageKind) {
  return [
    'u.id',
    'u.quiet_from',
    'u.quiet_until',
    sql<boolean>`exists (select 1 from memberships mm where mm.user_id = u.id and mm.role = 'manager')`.as(
      'is_manager',
    ),
    sql<
      Channel[] | null
    >`(select nc.channels from notification_choices nc where nc.user_id = u.id and nc.kind = ${kind})`.as(
      'channels',
    ),
    // JSON, not an int[]: postgres.js parses arrays only once it has read the server's types
    sql<
      number[]
    >`coalesce((select json_agg(ps.id order by ps.id) from push_subscriptions ps where ps.user_id = u.id), '[]'::json)`.as(
      'devices',
    ),
  ] as const;
}

/** The ChannelFacts of some users for one kind: one statement whatever their number. */
export async function channelFacts(
  db: Db,
  userIds: readonly number[],
  kind: MessageKind,
): Promise<Map<number, ChannelFacts>> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('users as u')
    .select(channelFactColumns(kind))
    .where('u.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The channels of each user for one kind of message at `at`, from their facts: their choice or
 * the default, without push or SMS during their quiet hours (an e-mail waits in the inbox; an
 * alert that rings in the night does not). A user may get an empty list.
 */
export function channelsOf(
  facts: Iterable<ChannelFacts>,
  kind: MessageKind,
  at: Date,
): Map<number, Channel[]> {
  const out = new Map<number, Channel[]>();
  const time = parisTime(at);
  for (const u of facts) {
    let channels =
      u.channels ??
      defaultChannels(kind, { hasPush: u.devices.length > 0, isManager: u.is_manager });
    if (inQuietHours(time, u.quiet_from, u.quiet_until))
      channels = channels.filter((c) => c === 'email');
    out.set(u.id, channels);
  }
  return out;
}

/**
 * The channels each user is to be reached on for one kind of message at `at` (channelsOf their
 * facts). One statement whatever the number of users.
 */
export async function channelsFor(
  db: Db,
  userIds: readonly number[],
  kind: MessageKind,
  at: Date,
): Promise<Map<number, Channel[]>> {
  return channelsOf((await channelFacts(db, userIds, kind)).values(), kind, at);
}

/** A user's choices for the page: every kind with its channels and whether it is the default. */
export async function readChoices(db: Db, userId: number) {
  const [user, rows, device] = await Promise.all([
    db
      .selectFrom('users')
      .select(['quiet_from', 'quiet_until'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('notification_choices')
      .select(['kind', 'channels'])
      .where('user_id', '=', userId)
      .execute(),
    db
      .selectFrom('push_subscriptions')
      .select('id')
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  ]);
  const isManager = Boolean(
    await db
      .selectFrom('memberships')
      .select('user_id')
      .where('user_id', '=', userId)
      .where('role', '=', 'manager')
      .executeTakeFirst(),
  );
  const chosen = new Map(rows.map((r) => [r.kind, r.channels as Channel[]]));
  const kinds = Object.fromEntries(
    MESSAGE_KINDS.map((k) => [
      k,
      chosen.get(k) ?? defaultChannels(k, { hasPush: Boolean(device), isManager }),
    ]),
  ) as Record<MessageKind, Channel[]>;
  return {
    kinds,
    chosen: new Set(chosen.keys()),
    quietFrom: user.quiet_from?.slice(0, 5) ?? null,
    quietUntil: user.quiet_until?.slice(0, 5) ?? null,
  };
}

/**
 * Saves a user's choices: the kinds given get exactly the channels given (an empty list: none);
 * kinds not given keep what they had. Quiet hours: both times or `null` for none.
 */
export async function saveChoices(
  db: Db,
  userId: number,
  input: {
    kinds: Partial<Record<MessageKind, Channel[]>>;
    quiet?: { from: string; until: string } | null;
  },
  now: Date,
): Promise<void> {
  const rows = Object.entries(input.kinds).map(([kind, channels]) => ({
    user_id: userId,
    kind,
    channels: JSON.stringify(
      [...new Set(channels)].filter((c) => (CHANNELS as readonly string[]).includes(c)),
    ),
    updated_at: now,
  }));
  await db.transaction().execute(async (trx) => {
    if (rows.length)
      await trx
        .insertInto('notification_choices')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({
            channels: eb.ref('excluded.channels'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    if (input.quiet !== undefined)
      await trx
        .updateTable('users')
        .set({ quiet_from: input.quiet?.from ?? null, quiet_until: input.quiet?.until ?? null })
        .where('id', '=', userId)
        .execute();
  });
}
