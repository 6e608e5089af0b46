import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';

/**
 * A form's action URL asked with GET (a reload after a refused form, a link shared, the back
 * button) leads to the page that shows the form instead of a 404. (Ending a regular donation and
 * reopening a holiday range have their own GET: the confirmation page, src/series/routes.tsx.) Registered after every feature's
 * routes: a feature's own GET of the same URL wins (/password-reset/confirm is /password-reset/:token).
 */
const TO_FORM: [path: string, to: (p: Record<string, string>) => string][] = [
  ['/account/calendar/revocation', () => '/account/calendar'],
  ['/account/confirmation', () => '/account'],
  ['/account/email', () => '/account'],
  ['/account/password', () => '/account'],
  ['/account/phone', () => '/account'],
  ['/account/phone/code', () => '/account'],
  ['/account/phone/verification', () => '/account'],
  ['/account/profile', () => '/account'],
  ['/account/tokens/:id{[0-9]+}/revocation', () => '/account/tokens'],
  ['/admin/organisations/:id{[0-9]+}/approval', () => '/admin/organisations'],
  ['/admin/withdrawal-rates/flat', () => '/admin/withdrawal-rates'],
  ['/admin/withdrawal-rates/transport', () => '/admin/withdrawal-rates'],
  ['/arrangements/:id{[0-9]+}/acceptance', () => '/arrangements'],
  ['/arrangements/:id{[0-9]+}/decisions', () => '/arrangements'],
  ['/arrangements/:id{[0-9]+}/end', () => '/arrangements'],
  ['/conventions/:id{[0-9]+}/accept', (p) => `/conventions/${p.id}`],
  ['/conventions/:id{[0-9]+}/decline', (p) => `/conventions/${p.id}`],
  ['/conventions/:id{[0-9]+}/end', (p) => `/conventions/${p.id}`],
  ['/donations/:id{[0-9]+}/claim', (p) => `/donations/${p.id}`],
  ['/donations/:id{[0-9]+}/on-the-way', (p) => `/donations/${p.id}`],
  ['/donations/:id{[0-9]+}/pickup', (p) => `/donations/${p.id}`],
  ['/hubs/:id{[0-9]+}/answer', () => '/hubs'],
  ['/hubs/:id{[0-9]+}/claims', () => '/feed'],
  ['/hubs/deposits/:id{[0-9]+}', () => '/hubs/held'],
  ['/hubs/deposits/:id{[0-9]+}/collection', () => '/hubs/waiting'],
  ['/notifications/devices/:id{[0-9]+}/delete', () => '/notifications'],
  ['/notifications/subscriptions', () => '/notifications'],
  ['/notifications/test', () => '/notifications'],
  ['/organisations', () => '/'],
  ['/quality/:id{[0-9]+}/actions', () => '/quality'],
  ['/receipts/:id{[0-9]+}/cancel', (p) => `/receipts/${p.id}`],
  ['/receipts/issue', () => '/receipts'],
  ['/receipts/value', () => '/receipts'],
  ['/rounds/:id{[0-9]+}/partner', (p) => `/rounds/${p.id}`],
  ['/rounds/:id{[0-9]+}/split', (p) => `/rounds/${p.id}`],
  ['/rounds/:id{[0-9]+}/answer', (p) => `/rounds/${p.id}`],
  ['/series/:id{[0-9]+}', () => '/series'],
  ['/series/:id{[0-9]+}/arrangement', () => '/series'],
  ['/series/:id{[0-9]+}/skip', () => '/series'],
  ['/series/closures', () => '/series'],
  ['/signout', () => '/'],
  ['/withdrawals/:id{[0-9]+}/receipt', (p) => `/withdrawals/${p.id}`],
  ['/withdrawals/:id{[0-9]+}/refusal', (p) => `/withdrawals/${p.id}`],
  ['/withdrawals/campaigns/:year{[0-9]{4}}', () => '/withdrawals'],
];

export const formGetRoutes = new Hono<AppEnv>();
for (const [path, to] of TO_FORM)
  formGetRoutes.get(path, (c) => c.redirect(to(c.req.param() as Record<string, string>), 303));

/** The paths, for the test that each one leads to a page. */
export const FORM_ACTIONS = TO_FORM.map(([path]) => path);
