import type { Kysely } from 'kysely';
import { randomToken } from '../accounts/tokens.js';
import type { Database } from '../db/schema.js';
import { ValidationError } from '../shared/errors.js';
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
