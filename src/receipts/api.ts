import { Hono } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { jsonBody } from '../http/api.js';
import { ValidationError } from '../shared/errors.js';
import { fieldsFromZod } from '../http/errors.js';
import { idParam } from '../shared/ids.js';
import { parisToday } from '../shared/period.js';
import { cancelReceipt, getReceipt, issueReceipt, listReceipts, receiptToApi } from './issue.js';
import { issuedOf } from '../../views/receipts/cerfa.js';
import { pdfBody } from './pdf-body.js';
import { receiptPdf } from './pdf.js';
import { cancelSchema, issueSchema, yearParam } from './schemas.js';

export const receiptApi = new Hono<SignedInEnv>();

const receiptId = (s: string) => idParam(s, 'No such receipt.');

receiptApi.post('/receipts', async (c) => {
  const input = await jsonBody(c, issueSchema);
  const { db, now } = c.get('deps');
  const r = await issueReceipt(db, c.get('actor'), input, now());
  return c.json(receiptToApi(r), 201);
});

receiptApi.get('/receipts', async (c) => {
  const { db, now } = c.get('deps');
  const year = yearParam.safeParse(c.req.query('year') ?? parisToday(now()).slice(0, 4));
  if (!year.success)
    throw new ValidationError(
      fieldsFromZod(year.error.issues.map((i) => ({ ...i, path: ['year'] }))),
    );
  const items = await listReceipts(db, c.get('actor'), year.data);
  return c.json({ items: items.map(receiptToApi) });
});

receiptApi.get('/receipts/:id', async (c) => {
  const r = await getReceipt(c.get('deps').db, c.get('actor'), receiptId(c.req.param('id')));
  return c.json(receiptToApi(r));
});

receiptApi.get('/receipts/:id/pdf', async (c) => {
  const r = await getReceipt(c.get('deps').db, c.get('actor'), receiptId(c.req.param('id')));
  return pdfBody(c, await receiptPdf(issuedOf(r), c.get('lang')), `receipt-${r.number}.pdf`);
});

receiptApi.post('/receipts/:id/cancel', async (c) => {
  const id = receiptId(c.req.param('id'));
  const { reason } = await jsonBody(c, cancelSchema);
  const { db, now } = c.get('deps');
  const r = await cancelReceipt(db, c.get('actor'), id, reason, now());
  return c.json(receiptToApi(r));
});
