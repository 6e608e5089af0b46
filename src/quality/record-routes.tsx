import { Hono, type Context } from 'hono';
import { RecordPage } from '../../views/quality/record.js';
import { RecordsPage } from '../../views/quality/records.js';
import type { SignedInEnv } from '../http/env.js';
import { idParam } from '../shared/ids.js';
import { viewCtx } from '../http/render.js';
import { localizedCsv, type CsvLang } from '../shared/csv.js';
import { parseStatsQuery } from '../shared/period.js';
import {
  MAX_RECORD_LINES,
  RECORD_COLUMNS,
  traceabilityRecord,
  traceabilityRecords,
  type TraceLine,
} from './traceability.js';

/** The traceability records: one handover, or a period's (who sees which: traceability.ts). */
export const recordRoutes = new Hono<SignedInEnv>();
type C = Context<SignedInEnv>;

const csv = (c: C, name: string, lines: TraceLine[]) => {
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="${name}.csv"`);
  return c.body(localizedCsv(viewCtx(c).lang as CsvLang, RECORD_COLUMNS, lines));
};

recordRoutes.get('/donations/:id/record', async (c) => {
  const id = idParam(c.req.param('id'));
  const rec = await traceabilityRecord(c.get('deps').db, c.get('actor'), id);
  return c.html(<RecordPage ctx={viewCtx(c)} rec={rec} />);
});

recordRoutes.get('/donations/:id/record.csv', async (c) => {
  const id = idParam(c.req.param('id'));
  return csv(c, `record-${id}`, [await traceabilityRecord(c.get('deps').db, c.get('actor'), id)]);
});

const period = (c: C) => {
  const q = parseStatsQuery(c.req.query(), c.get('deps').now());
  return { from: q.from, to: q.to };
};

recordRoutes.get('/records', async (c) => {
  const p = period(c);
  const lines = await traceabilityRecords(c.get('deps').db, c.get('actor'), p);
  return c.html(
    <RecordsPage
      ctx={viewCtx(c)}
      lines={lines}
      {...p}
      truncated={lines.length >= MAX_RECORD_LINES}
    />,
  );
});

recordRoutes.get('/records.csv', async (c) => {
  const p = period(c);
  const lines = await traceabilityRecords(c.get('deps').db, c.get('actor'), p);
  return csv(c, `records-${p.from}-${p.to}`, lines);
});
