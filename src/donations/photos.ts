import { sql, type Kysely } from 'kysely';
import { isMemberOf, type Actor } from '../accounts/actor.js';
import { randomToken } from '../accounts/tokens.js';
import type { Database, Donation } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { checkPhoto, PHOTO_MAX_BYTES, PhotoError, type CheckedPhoto } from './photo-bytes.js';

type Db = Kysely<Database>;

/**
 * The photo field of a posted form (multipart): nothing chosen gives null; a file gives the photo
 * as it will be stored, or a field message (not an image, too large, too many pixels) before
 * anything is saved.
 */
export async function photoFromForm(value: unknown): Promise<CheckedPhoto | null> {
  if (!value || typeof value === 'string') return null;
  if (!(value instanceof Blob) || value.size === 0) return null;
  // a file over the limit is refused before it is copied
  if (value.size > PHOTO_MAX_BYTES)
    throw new ValidationError({ photo: 'photo.err.too_large' }, 'photo.err.too_large');
  try {
    return checkPhoto(new Uint8Array(await value.arrayBuffer()));
  } catch (e) {
    if (e instanceof PhotoError) throw new ValidationError({ photo: e.message }, e.message);
    throw e;
  }
}

/** The image types an upload may declare (its bytes decide what it is). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** The bytes of an upload (the API's PUT), checked as the form's file is: a PhotoError's key as the field message. */
function photoFromBytes(bytes: Uint8Array): CheckedPhoto {
  try {
    return checkPhoto(bytes);
  } catch (e) {
    if (e instanceof PhotoError) throw new ValidationError({ photo: e.message }, e.message);
    throw e;
  }
}

/** The shop's own donation, still open, or why not (another's: not found; claimed or closed: 409). */
async function ownOpenDonation(db: Db, actor: Actor, id: number) {
  const d = await db
    .selectFrom('donations')
    .select(['id', 'shop_id', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!d || !isMemberOf(actor, d.shop_id)) throw new NotFoundError();
  if (d.status !== 'open') throw new ConflictError('not_open', 'don.err.not_open');
}

/**
 * A member of the shop gives its open donation a photo, or another in place of the one it had:
 * the bytes checked once the donation is known to be the shop's (another's: 404 whatever was
 * sent); a new token each time, so an address once handed out never shows another picture (and
 * no cache keeps the old one under it). The status is checked again by the guarded update.
 */
export async function setDonationPhoto(
  db: Db,
  actor: Actor,
  id: number,
  bytes: Uint8Array,
  now: Date,
): Promise<Donation> {
  await ownOpenDonation(db, actor, id);
  const photo = photoFromBytes(bytes);
  return inTransaction(db, async (trx) => {
    const d = await trx
      .updateTable('donations')
      .set({ photo_token: newPhotoToken() })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!d) throw new ConflictError('not_open', 'don.err.not_open');
    const row = { mime: photo.mime, width: photo.width, height: photo.height, bytes: photo.bytes };
    await trx
      .insertInto('donation_photos')
      .values({ donation_id: id, ...row, created_at: now })
      .onConflict((oc) => oc.column('donation_id').doUpdateSet({ ...row, created_at: now }))
      .execute();
    return d;
  });
}

/** A member of the shop takes the photo off its open donation (its address then answers 404). */
export async function removeDonationPhoto(db: Db, actor: Actor, id: number): Promise<Donation> {
  await ownOpenDonation(db, actor, id);
  return inTransaction(db, async (trx) => {
    const d = await trx
      .updateTable('donations')
      .set({ photo_token: null })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!d) throw new ConflictError('not_open', 'don.err.not_open');
    await trx.deleteFrom('donation_photos').where('donation_id', '=', id).execute();
    return d;
  });
}

/** The address a new photo gets: 128 bits, unguessable, so the URL itself is the permission. */
export const newPhotoToken = () => randomToken(16);

/** Stores a checked photo for a donation, in the caller's transaction (posting.ts). */
export async function insertPhoto(trx: Db, donationId: number, photo: CheckedPhoto) {
  await trx
    .insertInto('donation_photos')
    .values({
      donation_id: donationId,
      mime: photo.mime,
      width: photo.width,
      height: photo.height,
      bytes: photo.bytes,
    })
    .execute();
}

/**
 * The photo of donation `from` stored again for donation `to` (the remainder of a partial pickup),
 * in the caller's transaction, in one statement that never leaves the database. `to` already has
 * its own token; when `from` has no photo (any more), that token is taken back (false).
 */
export async function copyPhoto(trx: Db, from: number, to: number): Promise<boolean> {
  const copied = await trx
    .insertInto('donation_photos')
    .columns(['donation_id', 'mime', 'width', 'height', 'bytes'])
    .expression((eb) =>
      eb
        .selectFrom('donation_photos')
        .select([sql<number>`${to}::int`.as('donation_id'), 'mime', 'width', 'height', 'bytes'])
        .where('donation_id', '=', from),
    )
    .executeTakeFirst();
  if (Number(copied.numInsertedOrUpdatedRows)) return true;
  await trx.updateTable('donations').set({ photo_token: null }).where('id', '=', to).execute();
  return false;
}

/** The photo at `/photos/<token>`, or undefined (no such token, or its donation is gone). */
export async function photoByToken(db: Db, token: string) {
  if (!/^[\w-]{10,64}$/.test(token)) return undefined;
  return db
    .selectFrom('donations as d')
    .innerJoin('donation_photos as p', 'p.donation_id', 'd.id')
    .select(['p.mime', 'p.bytes', 'p.width', 'p.height'])
    .where('d.photo_token', '=', token)
    .executeTakeFirst();
}

/** Where a donation's photo is shown, relative to the site, or null without one. */
export const photoPath = (token: string | null | undefined) => (token ? `/photos/${token}` : null);
