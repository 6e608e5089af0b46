import { Hono } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { publishDonation } from '../http/events.js';
import { donationToApi } from './api.js';
import { PHOTO_TYPES, removeDonationPhoto, setDonationPhoto } from './photos.js';
import { donationIdParam } from './schemas.js';

/**
 * The photo of a donation through the API: `PUT /donations/:id/photo` with the image as the body
 * (Content-Type image/jpeg, image/png or image/webp; its bytes decide), by a member of the shop
 * while the donation is open; `DELETE` takes it off. The body was bounded before anything read it
 * (src/http/body-limit.tsx: 413 over PHOTO_MAX_BYTES); the checks are the form's (photo-bytes.ts).
 */
export const donationPhotoApi = new Hono<SignedInEnv>();

const mediaType = (header: string | undefined) =>
  (header ?? '').split(';')[0]!.trim().toLowerCase();

donationPhotoApi.put('/donations/:id/photo', async (c) => {
  const id = donationIdParam(c.req.param('id'));
  if (!(PHOTO_TYPES as readonly string[]).includes(mediaType(c.req.header('content-type'))))
    return c.json(
      {
        error: {
          code: 'unsupported_media_type',
          message: `Send the image itself, as ${PHOTO_TYPES.join(', ')}.`,
        },
      },
      415,
    );
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const { db, now } = c.get('deps');
  const d = await setDonationPhoto(db, c.get('actor'), id, bytes, now());
  await publishDonation(c, 'donation.posted', d); // feeds show it as it is now
  return c.json(donationToApi(d, { withCode: true }));
});

donationPhotoApi.delete('/donations/:id/photo', async (c) => {
  const id = donationIdParam(c.req.param('id'));
  const d = await removeDonationPhoto(c.get('deps').db, c.get('actor'), id);
  await publishDonation(c, 'donation.posted', d);
  return c.json(donationToApi(d, { withCode: true }));
});
