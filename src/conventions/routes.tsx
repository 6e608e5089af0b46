import { Hono, type Context } from 'hono';
import { ConventionFormPage } from '../../views/conventions/form.js';
import { ConventionPage } from '../../views/conventions/document.js';
import { ConventionsPage } from '../../views/conventions/list.js';
import type { SignedInEnv } from '../http/env.js';
import { fieldsFromZod } from '../http/errors.js';
import { formBody, viewCtx } from '../http/render.js';
import { pdfBody } from '../receipts/pdf-body.js';
import { ConflictError, ValidationError } from '../shared/errors.js';
import { idParam, parseId } from '../shared/ids.js';
import { parisToday } from '../shared/period.js';
import {
  acceptConvention,
  declineConvention,
  endConvention,
  getConvention,
  proposeConvention,
  sideOf,
} from './domain.js';
import { conventionsOverview, proposalChoices } from './overview.js';
import { conventionPdf } from './pdf.js';
import { endSchema, proposalFromForm, proposeSchema, reasonSchema } from './schemas.js';

export const conventionRoutes = new Hono<SignedInEnv>();

const NOTICES: Record<string, string> = {
  proposed: 'conv.proposed_notice',
  accepted: 'conv.accepted_notice',
};

conventionRoutes.get('/conventions', async (c) => {
  const { db, now } = c.get('deps');
  const o = await conventionsOverview(db, c.get('actor'), now());
  return c.html(
    <ConventionsPage ctx={viewCtx(c)} {...o} notice={NOTICES[c.req.query('done') ?? '']} />,
  );
});

/** The proposal form: its values (the other side preselected from ?associationId or ?shopId). */
async function formPage(
  c: Context<SignedInEnv>,
  values: Record<string, unknown>,
  errors?: Record<string, string>,
  status: 200 | 409 | 422 = 200,
) {
  const { db, now } = c.get('deps');
  const { org, partners } = await proposalChoices(db, c.get('actor'), now());
  const page = (
    <ConventionFormPage
      ctx={viewCtx(c)}
      org={org}
      partners={partners}
      values={values}
      errors={errors}
    />
  );
  return c.html(page, status);
}

conventionRoutes.get('/conventions/new', (c) =>
  formPage(c, {
    associationId: String(parseId(c.req.query('associationId')) ?? ''),
    shopId: String(parseId(c.req.query('shopId')) ?? ''),
    startsOn: parisToday(c.get('deps').now()),
  }),
);

conventionRoutes.post('/conventions', async (c) => {
  const form = await formBody(c);
  const parsed = proposeSchema.safeParse(proposalFromForm(form));
  if (!parsed.success) return formPage(c, form, fieldsFromZod(parsed.error.issues), 422);
  const { db, now } = c.get('deps');
  try {
    const row = await proposeConvention(db, c.get('actor'), parsed.data, now());
    return c.redirect(`/conventions/${row.id}?done=proposed`, 303);
  } catch (e) {
    if (e instanceof ConflictError) return formPage(c, form, e.fields, 409);
    if (e instanceof ValidationError) return formPage(c, form, e.fields, 422);
    throw e;
  }
});

/** The agreement's page; `errors`: why the last action was refused. */
async function documentPage(
  c: Context<SignedInEnv>,
  id: number,
  errors?: Record<string, string>,
  status: 200 | 409 | 422 = 200,
) {
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  const r = await getConvention(db, actor, id, now());
  const notice = NOTICES[c.req.query('done') ?? ''];
  return c.html(
    <ConventionPage
      ctx={viewCtx(c)}
      r={r}
      side={sideOf(actor, r.row)}
      notice={notice}
      errors={errors}
    />,
    status,
  );
}

const conventionId = (c: Context<SignedInEnv>) => idParam(c.req.param('id'));

conventionRoutes.get('/conventions/:id{[0-9]+}', (c) => documentPage(c, conventionId(c)));

conventionRoutes.get('/conventions/:id{[0-9]+}/pdf', async (c) => {
  const { db, now } = c.get('deps');
  const r = await getConvention(db, c.get('actor'), conventionId(c), now());
  return pdfBody(c, await conventionPdf(r, c.get('lang')), `convention-${r.row.id}.pdf`);
});

/** Runs an answer or an end; a refusal of state (409) is said on the agreement's page. */
async function act(
  c: Context<SignedInEnv>,
  id: number,
  run: () => Promise<unknown>,
  done?: string,
) {
  try {
    await run();
  } catch (e) {
    if (e instanceof ConflictError) return documentPage(c, id, { _: e.message }, 409);
    throw e;
  }
  return c.redirect(`/conventions/${id}${done ? `?done=${done}` : ''}`, 303);
}

conventionRoutes.post('/conventions/:id{[0-9]+}/accept', (c) => {
  const { db, now } = c.get('deps');
  const id = conventionId(c);
  return act(c, id, () => acceptConvention(db, c.get('actor'), id, now()), 'accepted');
});

conventionRoutes.post('/conventions/:id{[0-9]+}/decline', async (c) => {
  const { db, now } = c.get('deps');
  const id = conventionId(c);
  const parsed = reasonSchema.safeParse(await formBody(c));
  if (!parsed.success) return documentPage(c, id, { _: 'conv.err.reason' }, 422);
  const reason = parsed.data.reason ?? null;
  return act(c, id, () => declineConvention(db, c.get('actor'), id, reason, now()));
});

conventionRoutes.post('/conventions/:id{[0-9]+}/end', async (c) => {
  const { db, now } = c.get('deps');
  const id = conventionId(c);
  const parsed = endSchema.safeParse(await formBody(c));
  if (!parsed.success) return documentPage(c, id, { reason: 'conv.err.reason' }, 422);
  return act(c, id, () => endConvention(db, c.get('actor'), id, parsed.data.reason, now()));
});
