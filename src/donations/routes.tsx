import { Hono, type Context } from 'hono';
import { DonationPage } from '../../views/donations/donation.js';
import { ShopDonationList, ShopDonationsPage } from '../../views/donations/shop-donations.js';
import { membershipOfKind, type Actor } from '../accounts/actor.js';
import type { SignedInEnv } from '../http/env.js';
import { fieldsFromZod, statusOf } from '../http/errors.js';
import {
  ForbiddenError,
  RuleBrokenError,
  TooManyAttemptsError,
  ValidationError,
} from '../shared/errors.js';
import { livePolling, publishDonation } from '../http/events.js';
import { formBody, viewCtx } from '../http/render.js';
import { readForm } from '../http/middleware.js';
import { releaseClaim } from './claims.js';
import { coldChainLimit, confirmPickup } from './pickup.js';
import { cancelDonation, postDonation, postingDefaults } from './posting.js';
import { donationHistory, getDonation, shopDonations } from './queries.js';
import { roundOfStop } from '../rounds/queries.js';
import { tilesOf } from '../maps/tiles.js';
import { whoCouldTake } from './reach.js';
import type { CheckedPhoto } from './photo-bytes.js';
import { photoFromForm } from './photos.js';
import {
  donationFromForm,
  donationIdParam,
  onTheWaySchema,
  pickupFromForm,
  pickupSchema,
  postDonationSchema,
  qualityMarksOf,
  releaseSchema,
} from './schemas.js';
import { confirmPage, donationChangeRoutes } from './change-routes.js';
import { donationFeedRoutes } from './feed-routes.js';
import { setOnTheWay } from './on-the-way.js';
import { HOME_LIMIT } from './home-routes.js';

export const donationRoutes = new Hono<SignedInEnv>();
donationRoutes.route('/', donationChangeRoutes);
donationRoutes.route('/', donationFeedRoutes);

/** What the form starts with: the source donation (post again) or the last one, and the shop's usual window. */
async function formDefaults(c: Context<SignedInEnv>, actor: Actor, fromId?: number) {
  const { window, source } = await postingDefaults(
    c.get('deps').db,
    actor,
    c.get('deps').now(),
    fromId,
  );
  const values: Record<string, unknown> = {
    pickupDate: window.day,
    pickupFromTime: window.from,
    pickupUntilTime: window.until,
    packaged: 'yes',
  };
  if (source) {
    Object.assign(values, {
      category: source.category,
      storage: source.storage,
      packaged: source.packaged ? 'yes' : 'no',
      dateKind: source.date_kind ?? '',
      // what the shop gives is mostly the same from one day to the next: its marks too
      ...qualityMarksOf(source),
    });
    if (fromId)
      Object.assign(values, {
        description: source.description,
        quantityKg: source.quantity_kg,
        units: source.units,
        valueEur: source.value_eur,
      });
  }
  return values;
}

const shopPage = async (
  c: Context<SignedInEnv>,
  values: Record<string, unknown>,
  errors?: Record<string, string>,
) => {
  const actor = c.get('actor');
  const donations = await shopDonations(c.get('deps').db, actor, { limit: 30 });
  return c.html(
    <ShopDonationsPage
      ctx={viewCtx(c)}
      donations={donations}
      values={values}
      errors={errors}
      poll={livePolling(c.get('deps'))}
    />,
  );
};

donationRoutes.get('/donations', async (c) => {
  const actor = c.get('actor');
  if (!membershipOfKind(actor, 'shop'))
    return c.redirect(membershipOfKind(actor, 'association') ? '/feed' : '/', 303);
  const fragment = c.req.query('fragment');
  if (fragment === '1' || fragment === 'home') {
    const limit = fragment === 'home' ? HOME_LIMIT : 30;
    const donations = await shopDonations(c.get('deps').db, actor, { limit });
    return c.html(<ShopDonationList ctx={viewCtx(c)} donations={donations} />);
  }
  return shopPage(c, await formDefaults(c, actor));
});

donationRoutes.get('/donations/new', async (c) => {
  const actor = c.get('actor');
  if (!membershipOfKind(actor, 'shop')) throw new ForbiddenError('don.err.shop_only');
  const from = c.req.query('from');
  return shopPage(c, await formDefaults(c, actor, from ? donationIdParam(from) : undefined));
});

donationRoutes.post('/donations', async (c) => {
  const form = await formBody(c);
  const parsed = postDonationSchema.safeParse(donationFromForm(form));
  // the photo is checked with the other fields: every message at once, nothing saved
  const photo = await photoFromForm((await readForm(c)).photo).catch((e: unknown) => e);
  const photoFields = photo instanceof ValidationError ? photo.fields : {};
  if (!parsed.success || photo instanceof Error) {
    if (photo instanceof Error && !(photo instanceof ValidationError)) throw photo;
    const fields = parsed.success ? {} : fieldsFromZod(parsed.error.issues);
    return (c.status(422), shopPage(c, form, { ...fields, ...photoFields }));
  }
  try {
    const d = await postDonation(
      c.get('deps').db,
      c.get('actor'),
      parsed.data,
      c.get('deps').now(),
      c.get('deps').config.waves,
      photo as CheckedPhoto | null,
    );
    await publishDonation(c, 'donation.posted', d);
    return c.redirect(`/donations/${d.id}`, 303);
  } catch (e) {
    if (e instanceof ValidationError) return (c.status(422), shopPage(c, form, e.fields));
    throw e;
  }
});

const detail = async (
  c: Context<SignedInEnv>,
  id: number,
  extra: {
    values?: Record<string, unknown>;
    errors?: Record<string, string>;
    message?: string;
  } = {},
) => {
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  const { donation, viewer, distanceKm, contacts, viaHub, hubDriver } = await getDonation(
    db,
    actor,
    id,
    now(),
  );
  const history = viewer === 'candidate' ? [] : await donationHistory(db, id);
  // the shop is told at once when no association can take what it posted
  const reach = viewer === 'shop' && donation.status === 'open' ? await whoCouldTake(db, id) : null;
  const picking = viewer === 'claimer' && donation.status === 'claimed';
  const limitC = picking ? await coldChainLimit(db, donation.storage, donation.category) : null;
  // the hub's driver collects for a partner: the partner's round is not theirs to open
  const claimer = viewer === 'claimer' && !hubDriver && donation.claimed_by;
  const roundId = claimer ? await roundOfStop(db, id, donation.claimed_by!) : null;
  return c.html(
    <DonationPage
      ctx={viewCtx(c)}
      d={donation}
      viewer={viewer}
      distanceKm={distanceKm}
      contacts={contacts}
      viaHub={viaHub}
      hubDriver={hubDriver}
      history={history}
      reach={reach}
      now={now()}
      tiles={tilesOf(c.get('deps').config)}
      limitC={limitC}
      roundId={roundId}
      live={livePolling(c.get('deps')) ? 'poll' : 'sse'}
      fragment={c.req.query('fragment') === '1'}
      {...extra}
    />,
  );
};

donationRoutes.get('/donations/:id', (c) => detail(c, donationIdParam(c.req.param('id'))));

/** Given back only once confirmed on its page, with a reason (else that page, again). */
donationRoutes.post('/donations/:id/release', async (c) => {
  const id = donationIdParam(c.req.param('id'));
  const form = await formBody(c);
  const parsed = releaseSchema.safeParse({ reason: form.reason || null });
  const reason = parsed.success ? parsed.data.reason : null;
  if (form.confirmed !== 'yes' || !reason) {
    const errors = form.confirmed === 'yes' ? { reason: 'don.err.release_reason' } : undefined;
    return (c.status(errors ? 422 : 200), confirmPage(c, 'release', id, { values: form, errors }));
  }
  const { db, now } = c.get('deps');
  const d = await releaseClaim(db, c.get('actor'), id, now(), reason);
  await publishDonation(c, 'donation.released', d);
  return c.redirect('/feed', 303);
});

/** Cancelled only once confirmed on its page. */
donationRoutes.post('/donations/:id/cancel', async (c) => {
  const id = donationIdParam(c.req.param('id'));
  if ((await formBody(c)).confirmed !== 'yes') return confirmPage(c, 'cancel', id);
  const { db, now } = c.get('deps');
  const d = await cancelDonation(db, c.get('actor'), id, now());
  await publishDonation(c, 'donation.cancelled', d);
  return c.redirect(`/donations/${d.id}`, 303);
});

donationRoutes.post('/donations/:id/on-the-way', async (c) => {
  const id = donationIdParam(c.req.param('id'));
  const { db, now } = c.get('deps');
  const form = await formBody(c);
  const parsed = onTheWaySchema.safeParse(form);
  try {
    const time = parsed.success ? parsed.data.arrivalTime : '';
    const d = await setOnTheWay(db, c.get('actor'), id, time, now());
    await publishDonation(c, 'donation.claimed', d); // the shop's page shows the time
    return c.redirect(`/donations/${id}#on-the-way`, 303);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return (c.status(422), detail(c, id, { values: form, errors: e.fields }));
  }
});

/** The donation again with the pickup form as typed (the code emptied) and what is wrong. */
function pickupAgain(
  c: Context<SignedInEnv>,
  id: number,
  form: Record<string, string | string[]>,
  e: ValidationError | RuleBrokenError | TooManyAttemptsError,
) {
  c.status(statusOf(e));
  // a wrong code is typed again; refused for another reason (the cold chain...), the code stays
  const codeWrong = !Object.keys(e.fields).length || 'handoverCode' in e.fields;
  return detail(c, id, {
    values: { ...form, handoverCode: codeWrong ? '' : form.handoverCode },
    errors: Object.keys(e.fields).length ? e.fields : { handoverCode: e.message },
  });
}

donationRoutes.post('/donations/:id/pickup', async (c) => {
  const id = donationIdParam(c.req.param('id'));
  const { db, now } = c.get('deps');
  const form = await formBody(c);
  const parsed = pickupSchema.safeParse(pickupFromForm(form));
  if (!parsed.success)
    return (
      c.status(422),
      detail(c, id, { values: form, errors: fieldsFromZod(parsed.error.issues) })
    );
  // a refusal is asked again on its own page first
  if (parsed.data.quality === 'refused' && form.confirmed !== 'yes')
    return confirmPage(c, 'refuse', id, { hidden: form });
  try {
    const waves = c.get('deps').config.waves;
    const r = await confirmPickup(db, c.get('actor'), id, parsed.data, now(), waves);
    await publishDonation(c, 'donation.picked_up', r.done);
    if (r.remainder) await publishDonation(c, 'donation.posted', r.remainder);
    return c.redirect(`/donations/${id}`, 303);
  } catch (e) {
    const refused =
      e instanceof ValidationError ||
      e instanceof RuleBrokenError ||
      e instanceof TooManyAttemptsError;
    if (!refused) throw e;
    return pickupAgain(c, id, form, e);
  }
});
