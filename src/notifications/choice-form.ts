import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ValidationError } from '../shared/errors.js';
import { allOf, lastOf, type FormFields } from '../shared/form.js';
import {
  CHANNELS,
  KINDS_FOR,
  readChoices,
  saveChoices,
  type Channel,
  type MessageKind,
} from './choices.js';

type Db = Kysely<Database>;

/** What stops a kind's e-mails in one click (the purpose its messages carry, see mail/outbox.ts). */
export const PURPOSE_OF: Partial<Record<MessageKind, string>> = {
  donation_alert: 'donation_alert',
  donation_claimed: 'donation_updates',
  donation_released: 'donation_updates',
  donation_picked_up: 'donation_updates',
  donation_unclaimed: 'donation_updates',
  // the scheduled messages are sent with their kind as purpose (scheduled/send.ts)
  pickup_reminder: 'pickup_reminder',
  pickups_tomorrow: 'pickups_tomorrow',
  arrangement_offer: 'arrangement_offer',
  weekly_summary: 'weekly_summary',
  receipt_ready: 'receipt_ready',
  territory_news: 'territory_news',
};

/** The kinds a user chooses for: those of their organisation's kind (none for other roles). */
export function kindsOf(orgKind: string | null | undefined): readonly MessageKind[] {
  return orgKind === 'shop' || orgKind === 'association' || orgKind === 'producer_org'
    ? KINDS_FOR[orgKind]
    : [];
}

/**
 * What /account/notifications shows: each kind's channels (an e-mail stopped by an unsubscribe
 * link shows as off), the quiet hours, and what can be offered (SMS needs a verified phone, push
 * a device).
 */
export async function readChoicePage(db: Db, userId: number, orgKind: string | null | undefined) {
  const [choices, user, device, optOuts] = await Promise.all([
    readChoices(db, userId),
    db
      .selectFrom('users')
      .select(['phone', 'phone_verified_at'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('push_subscriptions')
      .select('id')
      .where('user_id', '=', userId)
      .executeTakeFirst(),
    db.selectFrom('mail_opt_outs').select('purpose').where('user_id', '=', userId).execute(),
  ]);
  const stopped = new Set(optOuts.map((o) => o.purpose));
  const kinds = kindsOf(orgKind).map((kind) => {
    const purpose = PURPOSE_OF[kind];
    const channels = choices.kinds[kind].filter(
      (c) => !(c === 'email' && purpose && stopped.has(purpose)),
    );
    return { kind, channels };
  });
  return {
    kinds,
    /** SMS are offered only to a verified number (phone-verification.ts) */
    hasPhone: !!user.phone && !!user.phone_verified_at,
    phoneUnverified: !!user.phone && !user.phone_verified_at,
    hasPush: !!device,
    quietFrom: choices.quietFrom,
    quietUntil: choices.quietUntil,
  };
}

export type ChoicePage = Awaited<ReturnType<typeof readChoicePage>>;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Choices as asked, by the page's form or the API: channels per kind, quiet hours or none. */
export interface ChoiceInput {
  kinds: Record<string, readonly string[]>;
  /** absent: unchanged; null: none */
  quiet?: { from: string; until: string } | null;
}

/** How each way of asking names its fields in the errors. */
export interface ChoiceFieldNames {
  kind: (kind: string) => string;
  quietFrom: string;
  quietUntil: string;
}

/**
 * Checks choices against what the user may be offered (the kinds of their organisation, SMS with
 * a verified phone, push with a device, quiet hours as two different times 'HH:MM'), and saves them. A
 * kind chosen for e-mail lifts an earlier one-click unsubscribe of its messages: the choice made
 * here is the newer one. Kinds not given keep their channels. Throws ValidationError naming the
 * fields as `names` says; nothing is saved then.
 */
export async function applyChoices(
  db: Db,
  userId: number,
  page: Pick<ChoicePage, 'kinds' | 'hasPhone' | 'hasPush'> & { phoneUnverified?: boolean },
  input: ChoiceInput,
  names: ChoiceFieldNames,
  now: Date,
) {
  const fields: Record<string, string> = {};
  const offered = new Set<string>(page.kinds.map((k) => k.kind));
  const kinds: Partial<Record<MessageKind, Channel[]>> = {};
  for (const [kind, picked] of Object.entries(input.kinds)) {
    const name = names.kind(kind);
    if (!offered.has(kind)) fields[name] = 'err.choice';
    else if (picked.some((c) => !(CHANNELS as readonly string[]).includes(c)))
      fields[name] = 'err.choice';
    else if (picked.includes('sms') && !page.hasPhone)
      fields[name] = page.phoneUnverified ? 'choices.err.phone_unverified' : 'choices.err.no_phone';
    else if (picked.includes('push') && !page.hasPush) fields[name] = 'choices.err.no_device';
    kinds[kind as MessageKind] = picked as Channel[];
  }
  const quiet = input.quiet;
  if (quiet) {
    if (!TIME.test(quiet.from)) fields[names.quietFrom] = 'choices.err.time';
    if (!TIME.test(quiet.until)) fields[names.quietUntil] = 'choices.err.time';
    else if (quiet.from === quiet.until) fields[names.quietUntil] = 'choices.err.same_time';
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
  await saveChoices(db, userId, { kinds, quiet }, now);
  const resumed = [
    ...new Set(
      Object.entries(kinds)
        .filter(([, cs]) => cs.includes('email'))
        .map(([k]) => PURPOSE_OF[k as MessageKind])
        .filter((p): p is string => !!p),
    ),
  ];
  if (resumed.length)
    await db
      .deleteFrom('mail_opt_outs')
      .where('user_id', '=', userId)
      .where('purpose', 'in', resumed)
      .execute();
}

/**
 * Reads the page's form (a group of checkboxes `c_<kind>` per kind shown, `quiet` with
 * `quietFrom` and `quietUntil`) and applies it (applyChoices). Every kind shown is saved: a kind
 * with nothing ticked gets no channel.
 */
export async function saveChoiceForm(
  db: Db,
  userId: number,
  page: Pick<ChoicePage, 'kinds' | 'hasPhone' | 'hasPush' | 'phoneUnverified'>,
  form: FormFields,
  now: Date,
) {
  const kinds: Record<string, string[]> = {};
  for (const { kind } of page.kinds) kinds[kind] = allOf(form, `c_${kind}`, CHANNELS.length);
  const quiet =
    lastOf(form, 'quiet') === 'on'
      ? {
          from: (lastOf(form, 'quietFrom') ?? '').trim().slice(0, 5),
          until: (lastOf(form, 'quietUntil') ?? '').trim().slice(0, 5),
        }
      : null;
  const names = { kind: (k: string) => `c_${k}`, quietFrom: 'quietFrom', quietUntil: 'quietUntil' };
  await applyChoices(db, userId, page, { kinds, quiet }, names, now);
}
