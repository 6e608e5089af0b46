import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { queueEmail } from '../mail/outbox.js';
import { RuleBrokenError, TooManyAttemptsError, ValidationError } from '../shared/errors.js';
import { countInWindow, mayMailLinkTo, resetEmail } from './password-reset.js';
import { randomToken, sha256, tokenHashOf } from './tokens.js';

type Db = Kysely<Database>;

export const CONFIRM_TTL_MS = 24 * 3_600_000;
/** Links asked per account per hour (sign-up's again, or changes of address): past it, 429. */
const PER_ACCOUNT = { limit: 5, windowMs: 3_600_000 };

/** A link that is not one, was used, expired, or whose address was taken since: one refusal. */
export class InvalidConfirmationTokenError extends RuleBrokenError {
  constructor() {
    super('invalid_confirmation_token', 'confirm.err.token', { token: 'confirm.err.token' });
  }
}

async function throttle(db: Db, userId: number, now: Date) {
  const c = await countInWindow(db, `email-link:${userId}`, PER_ACCOUNT.windowMs, now);
  if (c.n <= PER_ACCOUNT.limit) return;
  const wait = c.since.getTime() + PER_ACCOUNT.windowMs - now.getTime();
  throw new TooManyAttemptsError('confirm.err.throttled', Math.max(1, Math.ceil(wait / 1000)));
}

/** A new link for `email`, stored hashed; the user's other links that still work end. */
async function newLink(db: Db, userId: number, email: string, now: Date) {
  await db
    .updateTable('email_confirmations')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
  const token = randomToken();
  const hash = await sha256(token);
  await db
    .insertInto('email_confirmations')
    .values({
      token_hash: hash,
      user_id: userId,
      email,
      created_at: now,
      expires_at: new Date(now.getTime() + CONFIRM_TTL_MS),
    })
    .execute();
  return { token, hash };
}

/**
 * The link that confirms the account's own address (sign-up, or asked again from /account): in
 * the caller's transaction, with its mail. `counted`: the ask is throttled (not at sign-up,
 * which makes the account). Returns whether a mail was queued; nothing for a confirmed address.
 */
export async function sendSignUpConfirmation(db: Db, userId: number, now: Date, counted = true) {
  if (counted) await throttle(db, userId, now);
  const user = await db
    .selectFrom('users')
    .select(['email', 'email_confirmed_at'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (user.email_confirmed_at) return false;
  if (counted && !(await mayMailLinkTo(db, user.email, now))) return false;
  const { token, hash } = await newLink(db, userId, user.email, now);
  return queueEmail(
    db,
    {
      userId,
      template: 'email_confirm_signup',
      key: `confirm:${hash}`,
      params: {},
      links: { confirm: `/email-confirmation/${token}` },
    },
    now,
  );
}

/**
 * A new address asked for: the link goes to the NEW address (24 h, once); the account keeps its
 * address until it is opened. An address another account uses gets the same answer (the caller
 * cannot tell): a link is stored all the same, and that account's owner is told instead that
 * someone tried their address, so nothing is sent that could be used, and nothing is disclosed.
 * Throttled per account (429) and per address (PER_RECIPIENT, silently: the link is stored, no
 * mail goes). Returns the address written as pending (lower-cased) and whether a mail was queued.
 */
export async function requestEmailChange(db: Db, userId: number, raw: unknown, now: Date) {
  const email = resetEmail(raw);
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['email'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    if (user.email.toLowerCase() === email)
      throw new ValidationError({ email: 'account.err.same_email' });
    await throttle(trx, userId, now);
    const { token, hash } = await newLink(trx, userId, email, now);
    // either mail goes to that address: counted for it, whoever asks (the same answer past it)
    if (!(await mayMailLinkTo(trx, email, now))) return { pendingEmail: email, queued: false };
    const owner = await trx
      .selectFrom('users')
      .select('id')
      .where(sql`lower(email)`, '=', email)
      .executeTakeFirst();
    const queued = owner
      ? await queueEmail(
          trx,
          { userId: owner.id, template: 'email_in_use', key: `in-use:${hash}`, params: {} },
          now,
        )
      : await queueEmail(
          trx,
          {
            userId,
            to: email,
            template: 'email_confirm_change',
            key: `confirm:${hash}`,
            params: { email },
            links: { confirm: `/email-confirmation/${token}` },
          },
          now,
        );
    return { pendingEmail: email, queued };
  });
}

/** Whether the link still works (the page with the button that confirms). */
export async function confirmationIsValid(db: Db, token: unknown, now: Date) {
  const hash = await tokenHashOf(token);
  if (!hash) return false;
  const row = await db
    .selectFrom('email_confirmations')
    .select('user_id')
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return !!row;
}

/** "j…@example.org": enough for the owner to recognise, not the whole address. */
export function maskEmail(email: string) {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}…@${domain}`;
}

/**
 * The link opened (and its button pressed): used up, once. Its address becomes the account's,
 * confirmed; a changed one clears the failing mark, and the OLD address is told (queued before
 * the change: the outbox writes a message to the address of the moment). An address taken by
 * another account since the link was sent refuses the link like a used one. Returns the user's
 * id (the caller forgets their cached actor) and whether the address changed.
 */
export async function confirmEmail(db: Db, token: unknown, now: Date) {
  const hash = await tokenHashOf(token);
  if (!hash) throw new InvalidConfirmationTokenError();
  try {
    return await db.transaction().execute(async (trx) => {
      const link = await trx
        .updateTable('email_confirmations')
        .set({ used_at: now })
        .where('token_hash', '=', hash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['user_id', 'email'])
        .executeTakeFirst();
      if (!link) throw new InvalidConfirmationTokenError();
      const user = await trx
        .selectFrom('users')
        .select(['id', 'email', 'email_confirmed_at'])
        .where('id', '=', link.user_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const changed = user.email.toLowerCase() !== link.email.toLowerCase();
      if (!changed) {
        if (!user.email_confirmed_at)
          await trx
            .updateTable('users')
            .set({ email_confirmed_at: now })
            .where('id', '=', user.id)
            .execute();
        return { userId: user.id, changed };
      }
      const taken = await trx
        .selectFrom('users')
        .select('id')
        .where(sql`lower(email)`, '=', link.email.toLowerCase())
        .executeTakeFirst();
      if (taken) throw new InvalidConfirmationTokenError();
      await queueEmail(
        trx,
        {
          userId: user.id,
          template: 'email_changed',
          key: `changed:${hash}`,
          params: { email: maskEmail(link.email) },
        },
        now,
      );
      await trx
        .updateTable('users')
        .set({ email: link.email, email_confirmed_at: now, email_failing_at: null })
        .where('id', '=', user.id)
        .execute();
      // reset links mailed to the old address stop working with it
      await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('user_id', '=', user.id)
        .where('used_at', 'is', null)
        .execute();
      return { userId: user.id, changed };
    });
  } catch (e) {
    // two accounts confirming one address at once: the unique index refuses the second
    if ((e as { code?: string }).code === '23505') throw new InvalidConfirmationTokenError();
    throw e;
  }
}

/** The account's address as the page and the API show it: confirmed, and any change waiting. */
export async function emailState(db: Db, userId: number, now: Date) {
  const row = await db
    .selectFrom('users as u')
    .leftJoin('email_confirmations as e', (j) =>
      j
        .onRef('e.user_id', '=', 'u.id')
        .on('e.used_at', 'is', null)
        .on('e.expires_at', '>', now)
        .on(sql`lower(e.email)`, '<>', sql`lower(u.email)`),
    )
    .select(['u.email_confirmed_at', 'e.email as pending'])
    .where('u.id', '=', userId)
    .orderBy('e.created_at', 'desc')
    .executeTakeFirstOrThrow();
  return { confirmed: !!row.email_confirmed_at, pendingEmail: row.pending ?? null };
}
