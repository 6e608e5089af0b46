import { Hono, type Context } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { fieldsFromZod } from '../http/errors.js';
import { publishDonation } from '../http/events.js';
import { formBody, viewCtx } from '../http/render.js';
import { ConflictError, ValidationError } from '../shared/errors.js';
import { parisDate } from '../shared/time.js';
import { SeriesPage } from '../../views/series/series-page.js';
import { SeriesEditPage, seriesFormValues } from '../../views/series/series-edit-page.js';
import { ConfirmActionPage } from '../../views/components/confirm-action.js';
import { tr } from '../../views/context.js';
import { idParam } from '../shared/ids.js';
import { closeShop, listClosures, loadClosure, removeClosure } from './closures.js';
import { changeSeries, endSeries, skipDate } from './edits.js';
import {
  closureSchema,
  FORM_FIELD,
  seriesFromForm,
  seriesIdParam,
  seriesPatchSchema,
  seriesSchema,
  skipSchema,
} from './schemas.js';
import { createSeries, listSeries, listSkippedDates, loadSeries } from './series.js';

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
      skipped={await listSkippedDates(db, actor, now())}
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

/** Ended only once confirmed on its page (works without JavaScript). */
seriesRoutes.post('/series/:id/end', async (c) => {
  const id = seriesIdParam(c.req.param('id'));
  if ((await formBody(c)).confirmed !== 'yes') {
    await loadSeries(c.get('deps').db, c.get('actor'), id); // someone else's: 404
    const ctx = viewCtx(c);
    return c.html(
      <ConfirmActionPage
        ctx={ctx}
        title={tr(ctx, 'series.end_confirm')}
        text={tr(ctx, 'series.end_text')}
        yes={tr(ctx, 'series.end_yes')}
        action={`/series/${id}/end`}
        back={`/series#series-${id}`}
      />,
    );
  }
  const { cancelled } = await endSeries(c.get('deps').db, c.get('actor'), id, c.get('deps').now());
  for (const d of cancelled) await publishDonation(c, 'donation.cancelled', d);
  return c.redirect('/series', 303);
});

/** What the phone form shows; a field it does not show (dates, value, units) stays as it is. */
const EDITABLE = [
  'category',
  'description',
  'quantityKg',
  'storage',
  'weekdays',
  'pickupFromTime',
  'pickupUntilTime',
  'startsOn',
  'endsOn',
  'leadMinutes',
] as const;

const editPage = async (
  c: Context<SignedInEnv>,
  id: number,
  opts: { values?: Record<string, unknown>; errors?: Record<string, string> } = {},
) => {
  const series = await loadSeries(c.get('deps').db, c.get('actor'), id);
  return c.html(
    <SeriesEditPage
      ctx={viewCtx(c)}
      series={series}
      values={opts.values ?? seriesFormValues(series)}
      errors={opts.errors}
    />,
  );
};

seriesRoutes.get('/series/:id/edit', (c) => editPage(c, seriesIdParam(c.req.param('id'))));

/** The same change as PATCH /api/v1/donation-series/:id (changeSeries). */
seriesRoutes.post('/series/:id', async (c) => {
  const id = seriesIdParam(c.req.param('id'));
  const form = await formBody(c);
  const all = seriesFromForm(form);
  const parsed = seriesPatchSchema.safeParse(Object.fromEntries(EDITABLE.map((k) => [k, all[k]])));
  const again = (errors: Record<string, string>) => (
    c.status(422),
    editPage(c, id, { values: form, errors: onForm(errors) })
  );
  if (!parsed.success) return again(fieldsFromZod(parsed.error.issues));
  const { db, now } = c.get('deps');
  try {
    const { changed, cancelled } = await changeSeries(db, c.get('actor'), id, parsed.data, now());
    for (const d of changed) await publishDonation(c, 'donation.posted', d);
    for (const d of cancelled) await publishDonation(c, 'donation.cancelled', d);
  } catch (e) {
    if (e instanceof ValidationError) return again(e.fields);
    if (e instanceof ConflictError) return (c.status(409), page(c, { message: e.message }));
    throw e;
  }
  return c.redirect('/series', 303);
});

/** The shop reopens a holiday range, once confirmed on its page: its series make those dates again. */
seriesRoutes.post('/series/closures/:id/reopen', async (c) => {
  const { db } = c.get('deps');
  const id = idParam(c.req.param('id'));
  if ((await formBody(c)).confirmed !== 'yes') {
    const closure = await loadClosure(db, c.get('actor'), id); // someone else's: 404
    const ctx = viewCtx(c);
    return c.html(
      <ConfirmActionPage
        ctx={ctx}
        title={tr(ctx, 'series.reopen_confirm')}
        text={tr(ctx, 'series.reopen_text', { from: closure.starts_on, until: closure.ends_on })}
        yes={tr(ctx, 'series.reopen_yes')}
        action={`/series/closures/${id}/reopen`}
        back="/series"
      />,
    );
  }
  await removeClosure(db, c.get('actor'), id);
  return c.redirect('/series', 303);
});
