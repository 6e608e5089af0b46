import { Hono, type Context } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { fieldsFromZod, statusOf } from '../http/errors.js';
import { publishDonation } from '../http/events.js';
import { formBody, viewCtx } from '../http/render.js';
import { lastOf } from '../shared/form.js';
import { parseId } from '../shared/ids.js';
import { ConflictError, TooManyAttemptsError, ValidationError } from '../shared/errors.js';
import { HubPage } from '../../views/hubs/hub-page.js';
import { HubItemsPage } from '../../views/hubs/items-page.js';
import { claimViaHub } from './claim.js';
import { collectFromHub, hubItems, receiveAtHub } from './deposits.js';
import { answerHub, declareHub, hubsOfPartner, myHub, partnerCandidates } from './hubs.js';
import {
  answerSchema,
  depositFromForm,
  depositSchema,
  hubClaimSchema,
  hubFromForm,
  hubIdParam,
  hubSchema,
} from './schemas.js';

/** Relay hubs on the site: /hubs (declare, partners, answer), /hubs/held, /hubs/waiting. */
export const hubRoutes = new Hono<SignedInEnv>();

type Extra = {
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  message?: string;
};

const hubPage = async (c: Context<SignedInEnv>, extra: Extra = {}) => {
  const { db } = c.get('deps');
  const actor = c.get('actor');
  const mine = await myHub(db, actor);
  const candidates =
    mine.canManage && !mine.partnerOnly ? await partnerCandidates(db, mine.org.id) : [];
  const hubsOfMine = await hubsOfPartner(db, actor);
  return c.html(
    <HubPage
      ctx={viewCtx(c)}
      {...mine}
      candidates={candidates}
      hubsOfMine={hubsOfMine}
      {...extra}
    />,
  );
};

const itemsPage = async (
  c: Context<SignedInEnv>,
  side: 'hub' | 'partner',
  extra: Extra & { errorsFor?: number } = {},
) => {
  const { db, now } = c.get('deps');
  const items = await hubItems(db, c.get('actor'), side, now());
  return c.html(<HubItemsPage ctx={viewCtx(c)} side={side} items={items} {...extra} />);
};

const DONE = new Set(['hub.done.saved']);
hubRoutes.get('/hubs', (c) => {
  const m = c.req.query('m');
  return hubPage(c, { message: m && DONE.has(m) ? m : undefined });
});
hubRoutes.get('/hubs/held', (c) => itemsPage(c, 'hub'));
hubRoutes.get('/hubs/waiting', (c) => itemsPage(c, 'partner'));

hubRoutes.post('/hubs', async (c) => {
  const form = await formBody(c);
  const parsed = hubSchema.safeParse(hubFromForm(form));
  const values = { ...form, partnerIds: form.partnerIds ?? [] };
  if (!parsed.success)
    return (c.status(422), hubPage(c, { values, errors: fieldsFromZod(parsed.error.issues) }));
  const { db, now } = c.get('deps');
  try {
    const mine = await declareHub(db, c.get('actor'), parsed.data, now());
    for (const p of mine.partners) c.get('deps').feedCache?.forget(p.partnerId); // their feeds change
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return (c.status(422), hubPage(c, { values, errors: e.fields }));
  }
  return c.redirect('/hubs?m=hub.done.saved', 303);
});

hubRoutes.post('/hubs/:id/answer', async (c) => {
  const hubId = hubIdParam(c.req.param('id'));
  const parsed = answerSchema.safeParse({ decision: lastOf(await formBody(c), 'decision') });
  if (!parsed.success) return (c.status(422), hubPage(c, { message: 'err.choice' }));
  const { db, now } = c.get('deps');
  const row = await answerHub(db, c.get('actor'), hubId, parsed.data.decision, now());
  c.get('deps').feedCache?.forget(row.partner_id); // its feed gains or loses the hub's offers
  return c.redirect('/hubs', 303);
});

hubRoutes.post('/hubs/:id/claims', async (c) => {
  const hubId = hubIdParam(c.req.param('id'));
  const form = await formBody(c);
  const parsed = hubClaimSchema.safeParse({
    donationId: parseId(lastOf(form, 'donationId')) ?? -1,
    collector: lastOf(form, 'collector'),
  });
  if (!parsed.success) return (c.status(422), itemsPage(c, 'partner', { message: 'err.choice' }));
  const { db, now } = c.get('deps');
  try {
    const d = await claimViaHub(db, c.get('actor'), hubId, parsed.data, now());
    await publishDonation(c, 'donation.claimed', d);
  } catch (e) {
    if (!(e instanceof ConflictError || e instanceof TooManyAttemptsError)) throw e;
    return (c.status(statusOf(e)), itemsPage(c, 'partner', { message: e.message }));
  }
  return c.redirect('/hubs/waiting', 303);
});

hubRoutes.post('/hubs/deposits/:id', async (c) => {
  const id = hubIdParam(c.req.param('id'));
  const form = await formBody(c);
  const parsed = depositSchema.safeParse(depositFromForm(form));
  const refused = (status: 409 | 422, extra: Extra) => (
    c.status(status),
    itemsPage(c, 'hub', { ...extra, values: form, errorsFor: id })
  );
  if (!parsed.success) return refused(422, { errors: fieldsFromZod(parsed.error.issues) });
  const { db, now } = c.get('deps');
  try {
    await receiveAtHub(db, c.get('actor'), id, parsed.data, now());
  } catch (e) {
    if (e instanceof ValidationError) return refused(422, { errors: e.fields });
    if (e instanceof ConflictError) return refused(409, { message: e.message });
    throw e;
  }
  return c.redirect('/hubs/held', 303);
});

hubRoutes.post('/hubs/deposits/:id/collection', async (c) => {
  const id = hubIdParam(c.req.param('id'));
  const { db, now } = c.get('deps');
  try {
    await collectFromHub(db, c.get('actor'), id, now());
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    return (c.status(409), itemsPage(c, 'partner', { message: e.message }));
  }
  return c.redirect('/hubs/waiting', 303);
});
