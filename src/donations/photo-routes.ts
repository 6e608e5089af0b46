import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { photoByToken } from './photos.js';

/**
 * `/photos/<token>`: a donation's photo, without a session (e-mail programs and the phone's
 * notification fetch it without cookies); the unguessable token is the permission, given only to
 * those shown the donation. Stored stripped of its metadata, served as the type its bytes showed.
 */
export const photoRoutes = new Hono<AppEnv>();

photoRoutes.get('/photos/:token', async (c) => {
  const photo = await photoByToken(c.get('deps').db, c.req.param('token'));
  if (!photo) return c.text('Not found', 404);
  c.header('Content-Type', photo.mime);
  c.header('Cache-Control', 'private, max-age=604800');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(new Uint8Array(photo.bytes));
});
