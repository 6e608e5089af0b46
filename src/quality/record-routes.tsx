import { Hono } from 'hono';
import { RecordPage } from '../../views/quality/record.js';
import type { SignedInEnv } from '../http/env.js';
import { idParam } from '../shared/ids.js';
import { viewCtx } from '../http/render.js';
import { traceabilityRecord } from './domain.js';

/** The traceability record of one handover (its rule of who sees it: traceabilityRecord). */
export const recordRoutes = new Hono<SignedInEnv>();
recordRoutes.get('/donations/:id/record', async (c) => {
  const id = idParam(c.req.param('id'));
  const rec = await traceabilityRecord(c.get('deps').db, c.get('actor'), id);
  return c.html(<RecordPage ctx={viewCtx(c)} rec={rec} />);
});
