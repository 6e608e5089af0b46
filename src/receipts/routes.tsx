import { Hono, type Context } from 'hono';
import { pdfBody } from './pdf-body.js';
import { ReceiptsPage } from '../../views/receipts/pages.js';
import { draftOf, issuedOf, ReceiptPrintPage } from '../../views/receipts/cerfa.js';
import { formBody } from '../http/render.js';
import { fieldsFromZod } from '../http/errors.js';
import { DomainError, ValidationError } from '../shared/errors.js';
import { idParam } from '../shared/ids.js';
import { parisToday } from '../shared/period.js';
import { fillDonationValue } from './fill-value.js';
import { shopGiftsByYear } from './queries.js';
import { estimateReduction } from './reduction.js';
import {
  cancelReceipt,
  getReceipt,
  issueReceipt,
  listReceipts,
  managesAssociation,
} from './issue.js';
import { cancelSchema, issueSchema } from './schemas.js';
import type { SignedInEnv } from '../http/env.js';
import { viewCtx } from '../http/render.js';
import { parseStatsQuery } from '../shared/period.js';
import { issuedCsv, receiptCsv } from './csv.js';
import { receiptFor, receiptGroups } from './domain.js';
import { issuedListPdf, receiptPdf } from './pdf.js';

export const receiptRoutes = new Hono<SignedInEnv>();

/** ?year=YYYY (default: this year, Paris) or ?from&to; shop and association narrow it. Bad values: 422. */
function period(c: Context<SignedInEnv>) {
  const now = c.get('deps').now();
  const year =
    c.req.query('year') ??
    (c.req.query('from') || c.req.query('to') ? undefined : parisToday(now).slice(0, 4));
  return parseStatsQuery(
    {
      period: year ? 'year' : 'custom',
      year,
      from: c.req.query('from'),
      to: c.req.query('to'),
      shop: c.req.query('shop'),
      association: c.req.query('association'),
    },
    now,
  );
}

/** The receipts page of the period asked; `message`: why the last action was refused. */
async function receiptsPage(
  c: Context<SignedInEnv>,
  message?: string,
  status: 200 | 409 | 422 = 200,
) {
  // a bad query shows the page (this year) with the message beside the field, in the page's language
  let q: ReturnType<typeof period>;
  let errors: Record<string, string> | undefined;
  try {
    q = period(c);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    errors = e.fields;
    const now = c.get('deps').now();
    q = parseStatsQuery({ period: 'year', year: parisToday(now).slice(0, 4) }, now);
  }
  const actor = c.get('actor');
  const { db } = c.get('deps');
  const groups = await receiptGroups(db, actor, {
    from: q.from,
    to: q.to,
    shopId: q.shopId,
    associationId: q.associationId,
  });
  const year = Number(q.from.slice(0, 4));
  const issued = await listReceipts(db, actor, year);
  const raw = c.req.query('turnover')?.replace(/\s/g, '').replace(',', '.');
  const turnover = raw ? Number(raw) : null;
  if (turnover != null && !(Number.isFinite(turnover) && turnover >= 0 && turnover <= 1e12))
    ((message = 'reduction.err.turnover'), (status = 422));
  const gifts = await shopGiftsByYear(db, actor, year);
  const ok = turnover != null && status !== 422 ? turnover : null;
  const reduction = gifts && {
    turnover: ok,
    years: estimateReduction(
      gifts,
      Object.fromEntries(Object.keys(gifts).map((y) => [y, ok])),
      year,
    ),
  };
  return c.html(
    <ReceiptsPage
      ctx={viewCtx(c)}
      groups={groups}
      year={q.from.slice(0, 4)}
      from={q.from}
      to={q.to}
      asAssociation={actor.org?.kind === 'association'}
      managed={actor.memberships
        .filter((m) => managesAssociation(actor, m.organisationId))
        .map((m) => m.organisationId)}
      issued={issued}
      today={parisToday(c.get('deps').now())}
      reduction={reduction ?? undefined}
      message={message}
      errors={errors}
      typedYear={errors ? (c.req.query('year') ?? '').slice(0, 12) : undefined}
    />,
    errors ? 422 : status,
  );
}

receiptRoutes.get('/receipts', (c) => receiptsPage(c));

/** A refusal of the domain, said on the receipts page (409 or 422), never a 500. */
async function orSaid(c: Context<SignedInEnv>, action: () => Promise<unknown>, back: string) {
  try {
    await action();
  } catch (e) {
    if (!(e instanceof DomainError) || e.code === 'forbidden' || e.code === 'not_found') throw e;
    const key = e.code === 'receipt_overlap' ? 'receipts.err.overlap' : Object.values(e.fields)[0];
    return receiptsPage(c, key ?? e.message, e.code.startsWith('receipt_') ? 409 : 422);
  }
  return c.redirect(back, 303);
}

receiptRoutes.post('/receipts/issue', async (c) => {
  const f = await formBody(c);
  // the form's choice is one period "from/to"; periodFrom and periodTo may come apart
  const [from, to] =
    typeof f.period === 'string' ? f.period.split('/') : [f.periodFrom, f.periodTo];
  const parsed = issueSchema.safeParse({
    shopId: Number(f.shopId),
    ...(f.associationId ? { associationId: Number(f.associationId) } : {}),
    periodFrom: from,
    periodTo: to,
    withoutValue: f.withoutValue === 'exclude' ? 'exclude' : undefined,
  });
  if (!parsed.success)
    return receiptsPage(c, Object.values(fieldsFromZod(parsed.error.issues))[0], 422);
  const { db, now } = c.get('deps');
  const back = `/receipts?year=${parsed.data.periodFrom.slice(0, 4)}#issued`;
  return orSaid(c, () => issueReceipt(db, c.get('actor'), parsed.data, now()), back);
});

receiptRoutes.post('/receipts/value', async (c) => {
  const f = await formBody(c);
  const value = Number(String(f.valueEur ?? '').replace(',', '.'));
  const { db } = c.get('deps');
  const id = idParam(String(f.donationId ?? ''));
  return orSaid(c, () => fillDonationValue(db, c.get('actor'), id, value), '/receipts');
});

receiptRoutes.post('/receipts/:id/cancel', async (c) => {
  const id = idParam(c.req.param('id'));
  const parsed = cancelSchema.safeParse(await formBody(c));
  if (!parsed.success) return receiptsPage(c, 'receipts.err.reason', 422);
  const { db, now } = c.get('deps');
  return orSaid(
    c,
    () => cancelReceipt(db, c.get('actor'), id, parsed.data.reason, now()),
    '/receipts#issued',
  );
});

/** The receipt the request asks for: one donor, one receiving association, one period. */
async function receiptOfRequest(c: Context<SignedInEnv>) {
  const q = period(c);
  const g = await receiptFor(c.get('deps').db, c.get('actor'), {
    from: q.from,
    to: q.to,
    shopId: q.shopId ?? 0,
    associationId: q.associationId ?? 0,
  });
  return { q, g };
}

receiptRoutes.get('/receipts/print', async (c) => {
  const { q, g } = await receiptOfRequest(c);
  return c.html(<ReceiptPrintPage ctx={viewCtx(c)} r={draftOf(g, q.from, q.to)} />);
});

/** The year's receipts as CSV (the association's yearly statement; a shop's, those made out to it). */
receiptRoutes.get('/receipts/issued.csv', async (c) => {
  const year = Number(period(c).from.slice(0, 4));
  const items = await listReceipts(c.get('deps').db, c.get('actor'), year);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="receipts-${year}.csv"`);
  return c.body(issuedCsv(viewCtx(c).lang, items));
});

/** The year's receipts as a PDF list, beside the CSV (same scope, same year rule). */
receiptRoutes.get('/receipts/issued.pdf', async (c) => {
  const year = Number(period(c).from.slice(0, 4));
  const actor = c.get('actor');
  const items = await listReceipts(c.get('deps').db, actor, year);
  const pdf = await issuedListPdf(items, { year, holder: actor.org?.name ?? '' }, c.get('lang'));
  return pdfBody(c, pdf, `receipts-${year}.pdf`);
});

receiptRoutes.get('/receipts/:id{[0-9]+}/pdf', async (c) => {
  const r = await getReceipt(c.get('deps').db, c.get('actor'), idParam(c.req.param('id')));
  return pdfBody(c, await receiptPdf(issuedOf(r), c.get('lang')), `receipt-${r.number}.pdf`);
});

receiptRoutes.get('/receipts/:id{[0-9]+}', async (c) => {
  const r = await getReceipt(c.get('deps').db, c.get('actor'), idParam(c.req.param('id')));
  return c.html(<ReceiptPrintPage ctx={viewCtx(c)} r={issuedOf(r)} />);
});

receiptRoutes.get('/receipts.csv', async (c) => {
  const { q, g } = await receiptOfRequest(c);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header(
    'content-disposition',
    `attachment; filename="receipt-${g.shop.id}-${g.association.id}-${q.from}-${q.to}.csv"`,
  );
  return c.body(receiptCsv(viewCtx(c).lang, g));
});
