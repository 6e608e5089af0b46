// The shop's changes to a posted donation and the confirmation pages of destructive taps: the
// donation's sub-resources beside routes.tsx (which mounts them).
import { Hono, type Context } from 'hono';
import { ConfirmPage } from '../../views/donations/confirm.js';
import { EditDonationPage } from '../../views/donations/edit.js';
import type { SignedInEnv } from '../http/env.js';
import { fieldsFromZod } from '../http/errors.js';
import { publishDonation } from '../http/events.js';
import { formBody, viewCtx } from '../http/render.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { changeDonation, NotEditableError } from './changes.js';
import { getDonation, type Viewer } from './queries.js';
import {
  donationFromForm,
  donationIdParam,
  formOfDonation,
  postDonationSchema,
} from './schemas.js';

export const donationChangeRoutes = new Hono<SignedInEnv>();

type Values = Record<string, unknown>;
type Kind = 'cancel' | 'release' | 'refuse';
const ACTIONS: Record<Kind, (id: number) => string> = {
  cancel: (id) => `/donations/${id}/cancel`,
  release: (id) => `/donations/${id}/release`,
  refuse: (id) => `/donations/${id}/pickup`,
};

/** The donation, if this actor is `who` to it; anyone else learns nothing (404). */
async function donationAs(c: Context<SignedInEnv>, id: number, who: Viewer) {
  const { db, now } = c.get('deps');
  const seen = await getDonation(db, c.get('actor'), id, now());
  if (seen.viewer !== who) throw new NotFoundError();
  return seen.donation;
}

/** Who may be asked: the shop cancels, the claiming association releases or refuses. */
const ASKED: Record<Kind, Viewer> = { cancel: 'shop', release: 'claimer', refuse: 'claimer' };

/**
 * The confirmation page of a destructive tap, posting to the same action with `confirmed=yes`;
 * to anyone the tap is not for, 404 as the action itself would answer.
 */
export async function confirmPage(
  c: Context<SignedInEnv>,
  kind: Kind,
  id: number,
  extra: { hidden?: Values; values?: Values; errors?: Record<string, string> } = {},
) {
  const d = await donationAs(c, id, ASKED[kind]);
  // said at once, not after "yes": only an open donation is cancelled, a claimed one given back
  if (kind === 'cancel' && d.status !== 'open')
    throw new ConflictError('not_open', 'don.err.not_open');
  if (kind !== 'cancel' && d.status !== 'claimed')
    throw new ConflictError('not_claimed', 'don.err.not_claimed');
  return c.html(
    <ConfirmPage
      ctx={viewCtx(c)}
      kind={kind}
      action={ACTIONS[kind](id)}
      back={`/donations/${id}`}
      {...extra}
    />,
  );
}

const editPage = (c: Context<SignedInEnv>, id: number, values: Values, errors?: Values) =>
  c.html(
    <EditDonationPage
      ctx={viewCtx(c)}
      id={id}
      values={values}
      errors={errors as Record<string, string>}
    />,
  );

donationChangeRoutes.get('/donations/:id/edit', async (c) => {
  const id = donationIdParam(c.req.param('id'));
  const d = await donationAs(c, id, 'shop');
  if (d.status !== 'open') throw new NotEditableError();
  return editPage(c, id, formOfDonation(d));
});

donationChangeRoutes.post('/donations/:id/edit', async (c) => {
  const id = donationIdParam(c.req.param('id'));
  await donationAs(c, id, 'shop'); // anyone else: 404, even with a form that would not pass
  const form = await formBody(c);
  const parsed = postDonationSchema.safeParse(donationFromForm(form));
  if (!parsed.success)
    return (c.status(422), editPage(c, id, form, fieldsFromZod(parsed.error.issues)));
  const { db, now } = c.get('deps');
  try {
    const { donation } = await changeDonation(db, c.get('actor'), id, parsed.data, now());
    await publishDonation(c, 'donation.posted', donation); // feeds show it as it is now
    return c.redirect(`/donations/${id}`, 303);
  } catch (e) {
    if (e instanceof ValidationError) return (c.status(422), editPage(c, id, form, e.fields));
    throw e;
  }
});

donationChangeRoutes.get('/donations/:id/cancel', (c) =>
  confirmPage(c, 'cancel', donationIdParam(c.req.param('id'))),
);

donationChangeRoutes.get('/donations/:id/release', (c) =>
  confirmPage(c, 'release', donationIdParam(c.req.param('id'))),
);
