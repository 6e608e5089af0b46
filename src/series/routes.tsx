import { Hono, type Context } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { fieldsFromZod } from '../http/errors.js';
import { publishDonation } from '../http/events.js';
import { formBody, viewCtx } from '../http/render.js';
import { ConflictError, ValidationError } from '../shared/errors.js';
import { parisDate } from '../shared/time.js';
import { SeriesPage } from '../../views/series/series-page.js';
import { closeShop, listClosures } from './closures.js';
import { endSeries, skipDate } from './edits.js';
import {
  closureSchema,
  FORM_FIELD,
  seriesFromForm,
  seriesIdParam,
  seriesSchema,
  skipSchema,
} from './schemas.js';
import { createSeries, listSeries } from './series.js';

export const seriesRoutes = new Hono<SignedInEnv>();

const page = async (
  c: Context<SignedInEnv>,
  opts: {
    values?: Record<string, unknown>;
    errors?: Record<string, string>;
    closureErrors?: Record<string, string>;
    message?: string;
  } = {},
) => {
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  const values = opts.values ?? {
    startsOn: parisDate(now()),
    leadHours: 6,
    pickupFromTime: '19:00',
    pickupUntilTime: '19:30',
  };
  return c.html(
    <SeriesPage
      ctx={viewCtx(c)}
      series={await listSeries(db, actor)}
      closures={await listClosures(db, actor, now())}
      values={values}
      errors={opts.errors}
      closureErrors={opts.closureErrors}
      message={opts.message}
    />,
  );
};

const onForm = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [FORM_FIELD[k] ?? k, v]));

seriesRoutes.get('/series', (c) => page(c));

seriesRoutes.post('/series', async (c) => {
  const form = await formBody(c);
  const parsed = seriesSchema.safeParse(seriesFromForm(form));
  if (!parsed.success)
    return (
      c.status(422),
      page(c, { values: form, errors: onForm(fieldsFromZod(parsed.error.issues)) })
    );
  try {
    await createSeries(c.get('deps').db, c.get('actor'), parsed.data, c.get('deps').now());
  } catch (e) {
    if (e instanceof ValidationError)
      return (c.status(422), page(c, { values: form, errors: onForm(e.fields) }));
    throw e;
  }
  return c.redirect('/series', 303);
});

seriesRoutes.post('/series/closures', async (c) => {
  const form = await formBody(c);
  const parsed = closureSchema.safeParse({ startsOn: form.closeFrom, endsOn: form.closeUntil });
  const mapped = (f: Record<string, string>) => ({ closeFrom: f.startsOn, closeUntil: f.endsOn });
  if (!parsed.success)
    return (c.status(422), page(c, { closureErrors: mapped(fieldsFromZod(parsed.error.issues)) }));
  try {
    const { cancelled } = await closeShop(
      c.get('deps').db,
      c.get('actor'),
      parsed.data,
      c.get('deps').now(),
    );
    for (const d of cancelled) await publishDonation(c, 'donation.cancelled', d);
  } catch (e) {
    if (e instanceof ValidationError)
      return (c.status(422), page(c, { closureErrors: mapped(e.fields) }));
    throw e;
  }
  return c.redirect('/series', 303);
});

seriesRoutes.post('/series/:id/skip', async (c) => {
  const id = seriesIdParam(c.req.param('id'));
  const parsed = skipSchema.safeParse({ date: (await formBody(c)).date });
  if (!parsed.success) return (c.status(422), page(c, { message: 'series.err.skip_form' }));
  try {
    const { cancelled } = await skipDate(
      c.get('deps').db,
      c.get('actor'),
      id,
      parsed.data.date,
      c.get('deps').now(),
    );
    for (const d of cancelled) await publishDonation(c, 'donation.cancelled', d);
  } catch (e) {
    if (e instanceof ValidationError)
      return (c.status(422), page(c, { message: Object.values(e.fields)[0] }));
    if (e instanceof ConflictError) return (c.status(409), page(c, { message: e.message }));
    throw e;
  }
  return c.redirect('/series', 303);
});

seriesRoutes.post('/series/:id/end', async (c) => {
  const id = seriesIdParam(c.req.param('id'));
  const { cancelled } = await endSeries(c.get('deps').db, c.get('actor'), id, c.get('deps').now());
  for (const d of cancelled) await publishDonation(c, 'donation.cancelled', d);
  return c.redirect('/series', 303);
});
