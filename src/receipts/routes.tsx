import { Hono, type Context } from 'hono';
import { ReceiptPrintPage, ReceiptsPage } from '../../views/receipts/pages.js';
import type { SignedInEnv } from '../http/env.js';
import { viewCtx } from '../http/render.js';
import { ValidationError } from '../shared/errors.js';
import { parseStatsQuery } from '../shared/period.js';
import { receiptCsv } from './csv.js';
import { receiptFor, receiptGroups } from './domain.js';

export const receiptRoutes = new Hono<SignedInEnv>();

/** ?year=YYYY (default: last year) or ?from&to; shop and association narrow it. Bad values: 422. */
function period(c: Context<SignedInEnv>) {
  const now = c.get('deps').now();
  const year =
    c.req.query('year') ??
    (c.req.query('from') || c.req.query('to') ? undefined : String(now.getUTCFullYear() - 1));
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

receiptRoutes.get('/receipts', async (c) => {
  // a bad query shows the page (last year) with the message next to the field, in the page's language
  let q: ReturnType<typeof period>;
  let errors: Record<string, string> | undefined;
  try {
    q = period(c);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    errors = e.fields;
    const lastYear = String(c.get('deps').now().getUTCFullYear() - 1);
    q = parseStatsQuery({ period: 'year', year: lastYear }, c.get('deps').now());
  }
  const actor = c.get('actor');
  const groups = await receiptGroups(c.get('deps').db, actor, {
    from: q.from,
    to: q.to,
    shopId: q.shopId,
    associationId: q.associationId,
  });
  return c.html(
    <ReceiptsPage
      ctx={viewCtx(c)}
      groups={groups}
      year={q.from.slice(0, 4)}
      from={q.from}
      to={q.to}
      asAssociation={actor.org?.kind === 'association'}
      errors={errors}
      typedYear={errors ? (c.req.query('year') ?? '').slice(0, 12) : undefined}
    />,
    errors ? 422 : 200,
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
  return c.html(<ReceiptPrintPage ctx={viewCtx(c)} g={g} from={q.from} to={q.to} />);
});

receiptRoutes.get('/receipts.csv', async (c) => {
  const { q, g } = await receiptOfRequest(c);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header(
    'content-disposition',
    `attachment; filename="receipt-${g.shop.id}-${g.association.id}-${q.from}-${q.to}.csv"`,
  );
  return c.body(receiptCsv(g));
});
