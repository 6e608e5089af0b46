import { Hono, type Context } from 'hono';
import { canManage, membershipOfKind } from '../accounts/actor.js';
import type { SignedInEnv } from '../http/env.js';
import { fieldsFromZod } from '../http/errors.js';
import { publishDonation } from '../http/events.js';
import { formBody, viewCtx } from '../http/render.js';
import { allOf, lastOf } from '../shared/form.js';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors.js';
import { ArrangementsPage } from '../../views/series/arrangements-page.js';
import { acceptArrangement, endArrangement, listArrangements } from './arrangements.js';
import { decideOffers, upcomingOffers } from './offers.js';
import { decisionSchema, endArrangementSchema, seriesIdParam } from './schemas.js';

/** Standing arrangements, both sides: /arrangements lists them; forms post and come back. */
export const arrangementRoutes = new Hono<SignedInEnv>();

const arrangementId = (s: string) => seriesIdParam(s);

const page = async (
  c: Context<SignedInEnv>,
  opts: { message?: string; errors?: Record<string, string>; errorsFor?: number } = {},
) => {
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  const org = membershipOfKind(actor, 'shop') ?? membershipOfKind(actor, 'association');
  if (!org) throw new ForbiddenError();
  const arrangements = await listArrangements(db, actor);
  const offers =
    org.kind === 'association'
      ? await upcomingOffers(
          db,
          arrangements.filter((a) => a.status === 'active').map((a) => a.id),
          now(),
        )
      : new Map();
  return c.html(
    <ArrangementsPage
      ctx={viewCtx(c)}
      side={org.kind === 'shop' ? 'shop' : 'association'}
      isManager={canManage(actor, org.organisationId)}
      arrangements={arrangements}
      offers={offers}
      message={opts.message ?? c.req.query('m')}
      errors={opts.errors}
      errorsFor={opts.errorsFor}
    />,
  );
};

const MESSAGES = new Set(['arr.done.confirmed', 'arr.done.declined', 'arr.err.offer_closed']);
arrangementRoutes.get('/arrangements', (c) => {
  const m = c.req.query('m');
  return page(c, { message: m && MESSAGES.has(m) ? m : undefined });
});

arrangementRoutes.post('/arrangements/:id/acceptance', async (c) => {
  const { db, now } = c.get('deps');
  await acceptArrangement(db, c.get('actor'), arrangementId(c.req.param('id')), now());
  return c.redirect('/arrangements', 303);
});

arrangementRoutes.post('/arrangements/:id/end', async (c) => {
  const id = arrangementId(c.req.param('id'));
  const parsed = endArrangementSchema.safeParse({ reason: lastOf(await formBody(c), 'reason') });
  if (!parsed.success)
    return (c.status(422), page(c, { errors: fieldsFromZod(parsed.error.issues), errorsFor: id }));
  const { db, now } = c.get('deps');
  try {
    await endArrangement(db, c.get('actor'), id, parsed.data.reason, now());
  } catch (e) {
    if (e instanceof ConflictError) return (c.status(409), page(c, { message: e.message }));
    throw e;
  }
  return c.redirect(c.get('actor').org?.kind === 'shop' ? '/series' : '/arrangements', 303);
});

/** One date (`days`) or a week (`weekOf`), confirmed or declined. */
arrangementRoutes.post('/arrangements/:id/decisions', async (c) => {
  const id = arrangementId(c.req.param('id'));
  const form = await formBody(c);
  const days = allOf(form, 'days', 31);
  const parsed = decisionSchema.safeParse({
    decision: lastOf(form, 'decision'),
    days: days.length ? days : undefined,
    weekOf: lastOf(form, 'weekOf') || undefined,
  });
  if (!parsed.success) return (c.status(422), page(c, { message: 'arr.err.no_dates' }));
  const { db, now, config } = c.get('deps');
  let results;
  try {
    results = await decideOffers(db, c.get('actor'), id, parsed.data, now(), config.waves);
  } catch (e) {
    if (e instanceof ConflictError || e instanceof ValidationError)
      return (c.status(409), page(c, { message: e.message }));
    throw e;
  }
  for (const r of results)
    if (r.donation)
      await publishDonation(
        c,
        r.status === 'confirmed' ? 'donation.claimed' : 'donation.posted',
        r.donation,
      );
  const failed = results.find((r) => r.error);
  const m = failed
    ? 'arr.err.offer_closed'
    : parsed.data.decision === 'confirm'
      ? 'arr.done.confirmed'
      : 'arr.done.declined';
  return c.redirect(`/arrangements?m=${m}#arrangement-${id}`, 303);
});
