import { Hono } from 'hono';
import { CalendarPage } from '../../views/calendar/calendar.js';
import type { AppEnv, SignedInEnv } from '../http/env.js';
import { publicUrl } from '../http/public-url.js';
import { viewCtx } from '../http/render.js';
import { readCalendar } from './events.js';
import { calendarFeedOf, createCalendarFeed, revokeCalendarFeed } from './feeds.js';

/** /account/calendar: make, replace or delete one's calendar URL (signed in). */
export const calendarAccountRoutes = new Hono<SignedInEnv>();

const page = async (
  c: import('hono').Context<SignedInEnv>,
  extra: { created?: string; revoked?: boolean } = {},
) => {
  const feed = await calendarFeedOf(c.get('deps').db, c.get('actor').user.id);
  c.header('Cache-Control', 'no-store');
  return c.html(<CalendarPage ctx={viewCtx(c)} feed={feed} {...extra} />);
};

calendarAccountRoutes.get('/account/calendar', (c) =>
  page(c, { revoked: c.req.query('revoked') === '1' }),
);

// the URL is shown once, in this answer: only its hash is kept
calendarAccountRoutes.post('/account/calendar', async (c) => {
  const { db, now } = c.get('deps');
  const token = await createCalendarFeed(db, c.get('actor').user.id, now());
  return page(c, { created: publicUrl(c.get('deps'), `/calendar/${token}.ics`, c.req.url) });
});

calendarAccountRoutes.post('/account/calendar/revocation', async (c) => {
  await revokeCalendarFeed(c.get('deps').db, c.get('actor').user.id);
  return c.redirect('/account/calendar?revoked=1', 303);
});

/**
 * GET /calendar/<secret>.ics: no session, the secret is the credential. Unknown secrets are 404,
 * too frequent reads 429 (feeds.ts); the file is never kept by shared caches.
 */
export const calendarFeedRoutes = new Hono<AppEnv>();

calendarFeedRoutes.get('/calendar/:file', async (c) => {
  const deps = c.get('deps');
  const file = c.req.param('file');
  const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
  const url = publicUrl(deps, '/', c.req.url);
  const body = await readCalendar(deps.db, token, deps.now(), { host: new URL(url).host, url });
  return c.body(body, 200, {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': 'inline; filename="surplus-link.ics"',
    'cache-control': 'private, no-cache',
    'x-robots-tag': 'noindex',
  });
});
