import { Hono, type Context } from 'hono';
import { jsonBody } from '../http/api.js';
import type { SignedInEnv } from '../http/env.js';
import { pdfBody } from '../receipts/pdf-body.js';
import { idParam } from '../shared/ids.js';
import {
  acceptConvention,
  declineConvention,
  endConvention,
  getConvention,
  listConventions,
  proposeConvention,
} from './domain.js';
import { conventionsOverview } from './overview.js';
import { conventionPdf } from './pdf.js';
import { endSchema, proposeSchema, reasonSchema } from './schemas.js';
import { conventionToApi } from './terms.js';

export const conventionApi = new Hono<SignedInEnv>();

const conventionId = (s: string) => idParam(s, 'No such convention.');

conventionApi.get('/conventions', async (c) => {
  const { db, now } = c.get('deps');
  const items = await listConventions(db, c.get('actor'), now());
  return c.json({ items: items.map(conventionToApi) });
});

/** A shop under the legal duty: its partner associations without an agreement in force. */
conventionApi.get('/conventions/missing', async (c) => {
  const { db, now } = c.get('deps');
  const { missing } = await conventionsOverview(db, c.get('actor'), now());
  const items = (missing ?? []).map((m) => ({
    associationId: m.id,
    name: m.name,
    lastPickupAt: m.lastPickupAt?.toISOString() ?? null,
    pendingId: m.pendingId,
  }));
  return c.json({ underLegalDuty: missing != null, items });
});

conventionApi.post('/conventions', async (c) => {
  const input = await jsonBody(c, proposeSchema);
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  const row = await proposeConvention(db, actor, input, now());
  return c.json(conventionToApi(await getConvention(db, actor, row.id, now())), 201);
});

conventionApi.get('/conventions/:id', async (c) => {
  const { db, now } = c.get('deps');
  const r = await getConvention(db, c.get('actor'), conventionId(c.req.param('id')), now());
  return c.json(conventionToApi(r));
});

conventionApi.get('/conventions/:id/pdf', async (c) => {
  const { db, now } = c.get('deps');
  const r = await getConvention(db, c.get('actor'), conventionId(c.req.param('id')), now());
  return pdfBody(c, await conventionPdf(r, c.get('lang')), `convention-${r.row.id}.pdf`);
});

/** The answers and the end: each answers the agreement as it is now. */
const answered = async (c: Context<SignedInEnv>, id: number) => {
  const { db, now } = c.get('deps');
  return c.json(conventionToApi(await getConvention(db, c.get('actor'), id, now())));
};

conventionApi.post('/conventions/:id/accept', async (c) => {
  const id = conventionId(c.req.param('id'));
  const { db, now } = c.get('deps');
  await acceptConvention(db, c.get('actor'), id, now());
  return answered(c, id);
});

conventionApi.post('/conventions/:id/decline', async (c) => {
  const id = conventionId(c.req.param('id'));
  const { reason } = await jsonBody(c, reasonSchema);
  const { db, now } = c.get('deps');
  await declineConvention(db, c.get('actor'), id, reason ?? null, now());
  return answered(c, id);
});

conventionApi.post('/conventions/:id/end', async (c) => {
  const id = conventionId(c.req.param('id'));
  const { reason } = await jsonBody(c, endSchema);
  const { db, now } = c.get('deps');
  await endConvention(db, c.get('actor'), id, reason, now());
  return answered(c, id);
});
