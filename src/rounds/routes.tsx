import { Hono, type Context } from 'hono';
import { RoundForm, RoundsPage } from '../../views/rounds/select.js';
import { RoundPage } from '../../views/rounds/round.js';
import { membershipOfKind } from '../accounts/actor.js';
import type { SignedInEnv } from '../http/env.js';
import { publishDonation } from '../http/events.js';
import { formBody, viewCtx } from '../http/render.js';
import { feedFor } from '../donations/queries.js';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors.js';
import { idParam, parseId } from '../shared/ids.js';
import { lastOf } from '../shared/form.js';
import { getRound, listRounds, partnerChoices } from './queries.js';
import { createRound, MAX_STOPS, RoundEmptyError, type LostStop } from './rounds.js';
import { kgFromForm, selectionFromForm } from './schemas.js';
import { answerPartner, receivedKg, setPartner, splitRound } from './shares.js';

export const roundRoutes = new Hono<SignedInEnv>();

const roundId = (s: string) => idParam(s, 'round.err.not_found');

/** The selection page, with what was ticked and why it was refused, or its form alone (htmx). */
async function selection(
  c: Context<SignedInEnv>,
  extra: {
    chosen?: number[];
    errors?: Record<string, string>;
    message?: string;
    lost?: LostStop[];
  },
) {
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  if (!membershipOfKind(actor, 'association')) throw new ForbiddenError('don.err.association_only');
  const feed = await feedFor(db, actor, now(), c.get('deps').feedCache);
  if (c.req.header('hx-request'))
    return c.html(<RoundForm ctx={viewCtx(c)} feed={feed} {...extra} />);
  const rounds = await listRounds(db, actor);
  return c.html(<RoundsPage ctx={viewCtx(c)} feed={feed} rounds={rounds} {...extra} />);
}

roundRoutes.get('/rounds', (c) => selection(c, {}));
roundRoutes.get('/rounds/new', (c) => selection(c, {}));

roundRoutes.post('/rounds', async (c) => {
  const chosen = selectionFromForm(await formBody(c));
  const { db, now } = c.get('deps');
  try {
    if (!chosen) throw new ValidationError({ donationIds: 'round.err.bad_id' });
    const r = await createRound(db, c.get('actor'), { donationIds: chosen }, now());
    for (const d of r.won) await publishDonation(c, 'donation.claimed', d);
    const lost = r.lost.map((l) => l.donationId).join('.');
    const to = `/rounds/${r.round.id}${lost ? `?lost=${lost}` : ''}`;
    if (c.req.header('hx-request')) return (c.header('HX-Redirect', to), c.body(null, 200));
    return c.redirect(to, 303);
  } catch (e) {
    if (e instanceof ValidationError)
      return (c.status(422), selection(c, { chosen: chosen ?? [], errors: e.fields }));
    if (e instanceof RoundEmptyError)
      return (c.status(409), selection(c, { message: e.message, lost: e.lost }));
    throw e;
  }
});

/** The ids of `?lost=` (the claims the round did not get), at most a round's worth. */
const lostOf = (q: string | undefined): LostStop[] =>
  (q ?? '')
    .split('.')
    .slice(0, MAX_STOPS)
    .map(parseId)
    .filter((n): n is number => n != null)
    .map((donationId) => ({ donationId, code: 'not_available', message: 'don.err.not_available' }));

async function roundPage(
  c: Context<SignedInEnv>,
  id: number,
  extra: {
    values?: Record<string, unknown>;
    errors?: Record<string, string>;
    message?: string;
  } = {},
) {
  const { db } = c.get('deps');
  const view = await getRound(db, c.get('actor'), id);
  const partners = view.owner && !view.shares.length ? await partnerChoices(db, view.round) : [];
  return c.html(
    <RoundPage
      ctx={viewCtx(c)}
      view={view}
      partners={partners}
      totalKg={receivedKg(view)}
      lost={lostOf(c.req.query('lost'))}
      {...extra}
    />,
  );
}

roundRoutes.get('/rounds/:id', (c) => roundPage(c, roundId(c.req.param('id'))));

/** A form of the round page refused: the page again, with the message by its field or above. */
function refused(c: Context<SignedInEnv>, id: number, form: Record<string, unknown>, e: unknown) {
  if (e instanceof ValidationError)
    return (c.status(422), roundPage(c, id, { values: form, errors: e.fields }));
  if (e instanceof ConflictError) return (c.status(409), roundPage(c, id, { message: e.message }));
  throw e;
}

roundRoutes.post('/rounds/:id/partner', async (c) => {
  const id = roundId(c.req.param('id'));
  const form = await formBody(c);
  const raw = lastOf(form, 'partnerId') ?? '';
  const partnerId = raw === '' ? null : (parseId(raw) ?? 0);
  try {
    await setPartner(c.get('deps').db, c.get('actor'), id, partnerId);
    return c.redirect(`/rounds/${id}#round-share`, 303);
  } catch (e) {
    return refused(c, id, form, e);
  }
});

roundRoutes.post('/rounds/:id/split', async (c) => {
  const id = roundId(c.req.param('id'));
  const form = await formBody(c);
  const { db, now } = c.get('deps');
  try {
    await splitRound(db, c.get('actor'), id, kgFromForm(form, 'partnerKg'), now());
    return c.redirect(`/rounds/${id}#round-share`, 303);
  } catch (e) {
    return refused(c, id, form, e);
  }
});

/** The partner's member accepts the shared round (answer=accept), or declines or leaves it. */
roundRoutes.post('/rounds/:id/answer', async (c) => {
  const id = roundId(c.req.param('id'));
  const form = await formBody(c);
  const { db, now } = c.get('deps');
  const answer = lastOf(form, 'answer');
  // any other value (a form of another page, a hand-made post) changes nothing
  if (answer === 'accept' || answer === 'leave')
    await answerPartner(db, c.get('actor'), id, answer === 'accept', now());
  return c.redirect(`/rounds/${id}#round-share`, 303);
});
