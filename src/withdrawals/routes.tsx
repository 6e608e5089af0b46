import { Hono, type Context } from 'hono';
import { AdminRatesPage } from '../../views/withdrawals/admin-rates.js';
import { AttestationPage } from '../../views/withdrawals/attestation.js';
import {
  AdminWithdrawalsPage,
  AssociationPage,
  ProducerPage,
  type AnswerState,
} from '../../views/withdrawals/page.js';
import type { SignedInEnv } from '../http/env.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { fieldsFromZod } from '../http/errors.js';
import { formBody, viewCtx } from '../http/render.js';
import { campaignCsv } from './csv.js';
import {
  confirmReceipt,
  declareMarketedVolume,
  OverCeilingError,
  recordWithdrawal,
  refuseWithdrawal,
} from './domain.js';
import { approvedAssociations, getWithdrawal, listWithdrawals, viewerOf } from './queries.js';
import {
  addRate,
  getFlatAmounts,
  listProducts,
  listRates,
  parisToday,
  productsWithRateOn,
  setFlatAmounts,
} from './rates.js';
import { listTransportCosts, setTransportCost } from './transport.js';
import {
  campaignParam,
  campaignSchema,
  flatAmountsSchema,
  fromForm,
  rateSchema,
  transportCostSchema,
  receiptSchema,
  refusalSchema,
  withdrawalSchema,
  yearSchema,
} from './schemas.js';
import { idParam } from '../shared/ids.js';

export const withdrawalRoutes = new Hono<SignedInEnv>();

type C = Context<SignedInEnv>;

interface PageExtras {
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  marketedValues?: Record<string, unknown>;
  marketedErrors?: Record<string, string>;
  overCeiling?: boolean;
  answer?: AnswerState;
}

/** The /withdrawals page for whoever asks: a PO, an association, or the admin. */
async function page(c: C, campaign: number, extras: PageExtras = {}) {
  const { db, now } = c.get('deps');
  const ctx = viewCtx(c);
  const orgParam = c.req.query('organisationId');
  const viewer = viewerOf(c.get('actor'), orgParam ? idParam(orgParam) : undefined);
  const { items, totals, ceiling } = await listWithdrawals(db, viewer, campaign);
  const list = { ctx, campaign, items, totals };
  if (viewer.role === 'association')
    return c.html(
      <AssociationPage
        {...list}
        answer={extras.answer}
        answered={c.req.query('answered') === '1'}
      />,
    );
  if (viewer.role === 'admin') return c.html(<AdminWithdrawalsPage {...list} />);
  const today = parisToday(now());
  const [products, associations] = await Promise.all([
    productsWithRateOn(db, today),
    approvedAssociations(db),
  ]);
  const values = extras.values ?? { date: today };
  return c.html(
    <ProducerPage
      {...list}
      {...extras}
      values={values}
      ceiling={ceiling}
      products={products}
      associations={associations}
      recorded={c.req.query('recorded') === '1'}
    />,
  );
}

withdrawalRoutes.get('/withdrawals', async (c) =>
  page(c, campaignParam(c.req.query('campaign'), c.get('deps').now())),
);

withdrawalRoutes.post('/withdrawals', async (c) => {
  const { db, now } = c.get('deps');
  const form = await formBody(c);
  const again = (errors: Record<string, string>, overCeiling = false) => (
    c.status(422),
    page(c, campaignOf(form.campaign ?? form.date, now()), { values: form, errors, overCeiling })
  );
  const parsed = withdrawalSchema.safeParse({
    ...fromForm(form, ['quantityKg', 'associationId', 'distanceKm'], ['distanceKm']),
    acceptOverCeiling: form.acceptOverCeiling === 'on',
  });
  if (!parsed.success) return again(fieldsFromZod(parsed.error.issues));
  try {
    const row = await recordWithdrawal(db, c.get('actor'), parsed.data, now());
    return c.redirect(`/withdrawals?campaign=${row.campaign}&recorded=1`, 303);
  } catch (e) {
    if (e instanceof OverCeilingError) return again(e.fields, true);
    if (e instanceof ValidationError) return again(e.fields);
    throw e;
  }
});

/** The campaign the form was posted from (or the year of its date). */
function campaignOf(d: unknown, now: Date) {
  const y = typeof d === 'string' ? yearSchema.safeParse(d.slice(0, 4)) : null;
  return y?.success ? y.data : Number(parisToday(now).slice(0, 4));
}

withdrawalRoutes.post('/withdrawals/campaigns/:year', async (c) => {
  const { db, now } = c.get('deps');
  const year = yearSchema.safeParse(c.req.param('year'));
  if (!year.success) throw new NotFoundError('err.not_found');
  const form = await formBody(c);
  const parsed = campaignSchema.safeParse(fromForm(form, ['marketedKg']));
  if (!parsed.success)
    return (
      c.status(422),
      page(c, year.data, {
        marketedValues: form,
        marketedErrors: fieldsFromZod(parsed.error.issues),
      })
    );
  await declareMarketedVolume(db, c.get('actor'), year.data, parsed.data.marketedKg, now());
  return c.redirect(`/withdrawals?campaign=${year.data}`, 303);
});

/** Confirm or refuse: both answer a pending offer and come back to the list, or show the form again. */
async function answer(c: C, kind: 'receipt' | 'refusal') {
  const { db, now } = c.get('deps');
  const id = idParam(c.req.param('id') ?? '');
  const actor = c.get('actor');
  if (!actor.memberships.some((m) => m.kind === 'association'))
    throw new ForbiddenError('wd.err.not_association');
  const w = await getWithdrawal(db, actor, id);
  const form = await formBody(c);
  const again = (errors: Record<string, string>) => (
    c.status(422),
    page(c, w.campaign, { answer: { id, values: form, errors } })
  );
  const parsed =
    kind === 'receipt'
      ? receiptSchema.safeParse(fromForm(form, ['receivedKg']))
      : refusalSchema.safeParse(form);
  if (!parsed.success) return again(fieldsFromZod(parsed.error.issues));
  try {
    if (kind === 'receipt')
      await confirmReceipt(
        db,
        actor,
        id,
        (parsed.data as { receivedKg: number }).receivedKg,
        now(),
      );
    else await refuseWithdrawal(db, actor, id, (parsed.data as { reason: string }).reason, now());
  } catch (e) {
    if (e instanceof ValidationError) return again(e.fields);
    throw e;
  }
  return c.redirect(`/withdrawals?campaign=${w.campaign}&answered=1`, 303);
}
withdrawalRoutes.post('/withdrawals/:id/receipt', (c) => answer(c, 'receipt'));
withdrawalRoutes.post('/withdrawals/:id/refusal', (c) => answer(c, 'refusal'));

withdrawalRoutes.get('/withdrawals/:id/attestation', async (c) => {
  const w = await getWithdrawal(c.get('deps').db, c.get('actor'), idParam(c.req.param('id')));
  return c.html(<AttestationPage ctx={viewCtx(c)} w={w} />);
});

withdrawalRoutes.get('/withdrawals.csv', async (c) => {
  const { db, now } = c.get('deps');
  const orgParam = c.req.query('organisationId');
  const viewer = viewerOf(c.get('actor'), orgParam ? idParam(orgParam) : undefined);
  if (viewer.role === 'association') throw new ForbiddenError('wd.err.not_po');
  const campaign = campaignParam(c.req.query('campaign'), now());
  const { items } = await listWithdrawals(db, viewer, campaign);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="withdrawals-${campaign}.csv"`);
  return c.body(campaignCsv(viewCtx(c).lang, items));
});

async function ratesPage(c: C, extras: Partial<Parameters<typeof AdminRatesPage>[0]> = {}) {
  const { db } = c.get('deps');
  if (!c.get('actor').user.is_admin) throw new ForbiddenError();
  const [rates, products, flat, transport] = await Promise.all([
    listRates(db),
    listProducts(db),
    getFlatAmounts(db),
    listTransportCosts(db),
  ]);
  return c.html(
    <AdminRatesPage
      ctx={viewCtx(c)}
      rates={rates}
      products={products}
      flat={flat}
      transport={transport}
      {...extras}
    />,
  );
}

withdrawalRoutes.get('/admin/withdrawal-rates', (c) => {
  const n = c.req.query('saved');
  const notices = ['added', 'flat_saved', 'transport_saved'] as const;
  return ratesPage(c, { notice: notices.find((x) => x === n) });
});

withdrawalRoutes.post('/admin/withdrawal-rates', async (c) => {
  const form = await formBody(c);
  const again = (errors: Record<string, string>) => (
    c.status(422),
    ratesPage(c, { values: form, errors })
  );
  const numbers = ['eurPer100Kg', 'averagePriceEurPer100Kg', 'sharePct'];
  const parsed = rateSchema.safeParse(fromForm(form, numbers, numbers));
  if (!parsed.success) return again(fieldsFromZod(parsed.error.issues));
  try {
    await addRate(c.get('deps').db, c.get('actor'), parsed.data);
  } catch (e) {
    if (e instanceof ValidationError) return again(e.fields);
    throw e;
  }
  return c.redirect('/admin/withdrawal-rates?saved=added', 303);
});

withdrawalRoutes.post('/admin/withdrawal-rates/flat', async (c) => {
  const form = await formBody(c);
  const numbers = ['transportEurPer100Kg', 'sortingPackingEurPer100Kg'];
  const parsed = flatAmountsSchema.safeParse(fromForm(form, numbers, numbers));
  if (!parsed.success)
    return (
      c.status(422),
      ratesPage(c, { flatValues: form, flatErrors: fieldsFromZod(parsed.error.issues) })
    );
  await setFlatAmounts(c.get('deps').db, c.get('actor'), parsed.data, c.get('deps').now());
  return c.redirect('/admin/withdrawal-rates?saved=flat_saved', 303);
});

withdrawalRoutes.post('/admin/withdrawal-rates/transport', async (c) => {
  const form = await formBody(c);
  const parsed = transportCostSchema.safeParse(
    fromForm(
      {
        validFrom: form.bandFrom,
        upToKm: form.upToKm,
        eurPer100Kg: form.bandEur,
        source: form.bandSource,
      },
      ['upToKm', 'eurPer100Kg'],
    ),
  );
  if (!parsed.success) {
    const f = fieldsFromZod(parsed.error.issues);
    const names: Record<string, string> = {
      validFrom: 'bandFrom',
      eurPer100Kg: 'bandEur',
      source: 'bandSource',
    };
    const transportErrors = Object.fromEntries(
      Object.entries(f).map(([k, v]) => [names[k] ?? k, v]),
    );
    return (c.status(422), ratesPage(c, { transportValues: form, transportErrors }));
  }
  await setTransportCost(c.get('deps').db, c.get('actor'), parsed.data);
  return c.redirect('/admin/withdrawal-rates?saved=transport_saved', 303);
});
