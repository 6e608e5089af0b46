import { Hono } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { ForbiddenError, NotFoundError } from '../shared/errors.js';
import { jsonBody } from '../http/api.js';
import {
  campaignCeiling,
  confirmReceipt,
  declareMarketedVolume,
  producerOrgOf,
  recordWithdrawal,
  refuseWithdrawal,
} from './domain.js';
import {
  compensationOf,
  getWithdrawal,
  listWithdrawals,
  viewerOf,
  withdrawalToApi,
} from './queries.js';
import { addRate, getFlatAmounts, listRates, rateToApi, setFlatAmounts } from './rates.js';
import {
  campaignParam,
  campaignSchema,
  flatAmountsSchema,
  rateSchema,
  transportCostSchema,
  receiptSchema,
  refusalSchema,
  withdrawalSchema,
  yearSchema,
} from './schemas.js';
import { idParam } from '../shared/ids.js';
import { listTransportCosts, setTransportCost, transportCostToApi } from './transport.js';

export const withdrawalApi = new Hono<SignedInEnv>();

const withdrawalIdParam = (s: string) => idParam(s, 'wd.err.not_found');

withdrawalApi.get('/withdrawal-rates', async (c) => {
  const { db } = c.get('deps');
  return c.json({
    items: (await listRates(db)).map(rateToApi),
    flatAmounts: await getFlatAmounts(db),
  });
});

withdrawalApi.post('/withdrawal-rates', async (c) => {
  const input = await jsonBody(c, rateSchema);
  await addRate(c.get('deps').db, c.get('actor'), input);
  const items = (await listRates(c.get('deps').db))
    .filter((r) => r.product === input.product)
    .map(rateToApi);
  return c.json({ ...items[0], previous: items[1] ?? null }, 201);
});

withdrawalApi.get('/withdrawal-transport-costs', async (c) =>
  c.json({ items: (await listTransportCosts(c.get('deps').db)).map(transportCostToApi) }),
);

withdrawalApi.post('/withdrawal-transport-costs', async (c) => {
  const input = await jsonBody(c, transportCostSchema);
  const row = await setTransportCost(c.get('deps').db, c.get('actor'), input);
  return c.json(transportCostToApi(row), 201);
});

withdrawalApi.put('/withdrawal-flat-amounts', async (c) => {
  const input = await jsonBody(c, flatAmountsSchema);
  return c.json(await setFlatAmounts(c.get('deps').db, c.get('actor'), input, c.get('deps').now()));
});

withdrawalApi.put('/campaigns/:year', async (c) => {
  const { db, now } = c.get('deps');
  const year = yearSchema.safeParse(c.req.param('year'));
  if (!year.success) throw new NotFoundError('wd.err.campaign');
  const { marketedKg } = await jsonBody(c, campaignSchema);
  const cap = await declareMarketedVolume(db, c.get('actor'), year.data, marketedKg, now());
  return c.json({ year: year.data, ...cap });
});

withdrawalApi.get('/campaigns/:year', async (c) => {
  const year = yearSchema.safeParse(c.req.param('year'));
  if (!year.success) throw new NotFoundError('wd.err.campaign');
  const po = producerOrgOf(c.get('actor'));
  return c.json({
    year: year.data,
    ...(await campaignCeiling(c.get('deps').db, po.organisationId, year.data)),
  });
});

withdrawalApi.post('/withdrawals', async (c) => {
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  producerOrgOf(actor); // a shop or association learns it may not, before its input is judged
  const input = await jsonBody(c, withdrawalSchema);
  const row = await recordWithdrawal(db, actor, input, now());
  return c.json(withdrawalToApi(await getWithdrawal(db, actor, row.id)), 201);
});

withdrawalApi.get('/withdrawals', async (c) => {
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  const orgParam = c.req.query('organisationId');
  const viewer = viewerOf(actor, orgParam ? idParam(orgParam) : undefined);
  const campaign = campaignParam(c.req.query('campaign'), now());
  const { items, totals, ceiling } = await listWithdrawals(db, viewer, campaign);
  return c.json({
    campaign,
    items: items.map(withdrawalToApi),
    totals,
    marketedKg: ceiling.marketedKg,
    capKg: ceiling.capKg,
    usedPct: ceiling.usedPct,
    withdrawnKg: ceiling.withdrawnKg,
    remainingKg: ceiling.remainingKg,
  });
});

withdrawalApi.get('/withdrawals/:id', async (c) => {
  const w = await getWithdrawal(
    c.get('deps').db,
    c.get('actor'),
    withdrawalIdParam(c.req.param('id')),
  );
  return c.json(withdrawalToApi(w));
});

withdrawalApi.post('/withdrawals/:id/receipt', async (c) => {
  const { db, now } = c.get('deps');
  const id = withdrawalIdParam(c.req.param('id'));
  const actor = c.get('actor');
  if (!actor.memberships.some((m) => m.kind === 'association'))
    throw new ForbiddenError('wd.err.not_association');
  const { receivedKg } = await jsonBody(c, receiptSchema);
  const row = await confirmReceipt(db, actor, id, receivedKg, now());
  return c.json({
    id: row.id,
    status: row.status,
    receivedKg: row.received_kg,
    compensation: compensationOf(row),
  });
});

withdrawalApi.post('/withdrawals/:id/refusal', async (c) => {
  const { db, now } = c.get('deps');
  const id = withdrawalIdParam(c.req.param('id'));
  const actor = c.get('actor');
  if (!actor.memberships.some((m) => m.kind === 'association'))
    throw new ForbiddenError('wd.err.not_association');
  const { reason } = await jsonBody(c, refusalSchema);
  const row = await refuseWithdrawal(db, actor, id, reason, now());
  return c.json({ id: row.id, status: row.status, refusalReason: row.refusal_reason });
});
