import { Hono, type Context } from 'hono';
import { formatDay } from '../i18n/format.js';
import type { SignedInEnv } from '../http/env.js';
import { fieldsFromZod } from '../http/errors.js';
import { publishDonation } from '../http/events.js';
import { formBody, viewCtx } from '../http/render.js';
import { translateFields } from '../i18n/index.js';
import { ConflictError, ValidationError } from '../shared/errors.js';
import { parisDate } from '../shared/time.js';
import { SeriesPage } from '../../views/series/series-page.js';
import { SeriesConfirmPage } from '../../views/series/series-confirm-page.js';
import { associationChoices, listArrangements } from './arrangements.js';
import { SeriesEditPage, seriesFormValues } from '../../views/series/series-edit-page.js';
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
    /** the refused arrangement form of one series, its messages by field */
    arrangementErrors?: { seriesId: number; fields: Record<string, string> };
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
  const live = (await listArrangements(db, actor)).filter((a) => a.status !== 'ended');
  return c.html(
    <SeriesPage
      ctx={viewCtx(c)}
      series={await listSeries(db, actor)}
      skipped={await listSkippedDates(db, actor, now())}
      arrangements={new Map(live.map((a) => [a.series_id, a]))}
      associations={await associationChoices(db, actor)}
      closures={await listClosures(db, actor, now())}
      values={values}
      errors={opts.errors}
      closureErrors={opts.closureErrors}
      arrangementErrors={opts.arrangementErrors}
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

seriesRoutes.get('/series/:id/end', async (c) => {
  const s = await loadSeries(c.get('deps').db, c.get('actor'), seriesIdParam(c.req.param('id')));
  return c.html(<SeriesConfirmPage ctx={viewCtx(c)} kind="end" action={`/series/${s.id}/end`} />);
});

/** Ended only once confirmed on its page (a stray tap shows that page). */
seriesRoutes.post('/series/:id/end', async (c) => {
  const id = seriesIdParam(c.req.param('id'));
  if ((await formBody(c)).confirmed !== 'yes')
    return c.html(<SeriesConfirmPage ctx={viewCtx(c)} kind="end" action={`/series/${id}/end`} />);
  const { cancelled } = await endSeries(c.get('deps').db, c.get('actor'), id, c.get('deps').now());
  for (const d of cancelled) await publishDonation(c, 'donation.cancelled', d);
  return c.redirect('/series', 303);
});

/** The shop proposes a standing arrangement for a series (the same change as PATCH associationId). */
seriesRoutes.post('/series/:id/arrangement', async (c) => {
  const id = seriesIdParam(c.req.param('id'));
  const form = await formBody(c);
  const all = seriesFromForm(form);
  const parsed = seriesPatchSchema.safeParse({
    associationId: all.associationId ?? undefined,
    confirmHoursBefore: all.confirmHoursBefore,
  });
  // said next to the field of that series' form, with the error's words (the distance)
  const failed = (fields: Record<string, string>, vars?: Record<string, string | number>) => (
    c.status(422),
    page(c, {
      arrangementErrors: {
        seriesId: id,
        fields: Object.keys(fields).length
          ? translateFields(c.get('lang'), fields, vars)
          : { associationId: 'arr.err.association_unknown' },
      },
    })
  );
  if (!parsed.success || parsed.data.associationId == null)
    return failed(parsed.success ? {} : fieldsFromZod(parsed.error.issues));
  const { db, now } = c.get('deps');
  try {
    await changeSeries(db, c.get('actor'), id, parsed.data, now());
  } catch (e) {
    if (e instanceof ValidationError) return failed(e.fields, e.vars);
    if (e instanceof ConflictError) return (c.status(409), page(c, { message: e.message }));
    throw e;
  }
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
  'freshProduce',
  'qualityLabel',
  'localOrigin',
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

/** The shop reopens a holiday range: its series make those dates again (once confirmed). */
const reopenPage = async (c: Context<SignedInEnv>, id: number) => {
  // the shop's own closure, read by its id (another shop's: 404)
  const closure = await loadClosure(c.get('deps').db, c.get('actor'), id);
  return c.html(
    <SeriesConfirmPage
      ctx={viewCtx(c)}
      kind="reopen"
      action={`/series/closures/${id}/reopen`}
      vars={{
        from: formatDay(c.get('lang'), closure.starts_on),
        until: formatDay(c.get('lang'), closure.ends_on),
      }}
    />,
  );
};

seriesRoutes.get('/series/closures/:id/reopen', (c) => reopenPage(c, idParam(c.req.param('id'))));

seriesRoutes.post('/series/closures/:id/reopen', async (c) => {
  const id = idParam(c.req.param('id'));
  if ((await formBody(c)).confirmed !== 'yes') return reopenPage(c, id);
  await removeClosure(c.get('deps').db, c.get('actor'), id);
  return c.redirect('/series', 303);
});
