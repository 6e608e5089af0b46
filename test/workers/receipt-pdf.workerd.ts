// Runs inside workerd (vitest.workers.config.ts): a receipt issued through the Worker entry comes
// back as a PDF made by pdf-lib in the Workers runtime, and its text reads back with unpdf.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { Kysely } from 'kysely';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresClient, type Sql } from '../../src/db/postgres.js';
import { PostgresJsDialect } from '../../src/db/postgres-dialect.js';
import type { Database } from '../../src/db/schema.js';
import { workerdSocket } from '../../src/cloudflare/pg-socket.js';
import worker from '../../src/worker.js';
import { apiAs } from '../helpers/app.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

const viaWorker = {
  async request(url: string, init?: RequestInit) {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(url, init), env as any, ctx as any);
    const body = await res.arrayBuffer();
    await waitOnExecutionContext(ctx);
    return new Response(body, { status: res.status, headers: res.headers });
  },
} as any;

let client: Sql;
let db: Kysely<Database>;
beforeAll(async () => {
  client = createPostgresClient(env.HYPERDRIVE.connectionString, {
    max: 1,
    fetch_types: false,
    socket: workerdSocket,
  } as any);
  db = new Kysely<Database>({ dialect: new PostgresJsDialect(client as any) });
});
afterAll(async () => {
  await client?.end({ timeout: 5 });
});

describe('receipt PDF on workerd', () => {
  it('issues a receipt and serves it as a PDF whose text has its fields', async () => {
    const shop = await createOrgWithUser(db, 'shop', {
      name: 'Primeur 🍏 l’Épi',
      siren: '732829320',
    });
    const assoc = await createOrgWithUser(db, 'association', {
      rna: 'W691234567',
      approval_level: 'national',
      approval_number: 'N-2024-01',
      approval_ends_on: '2099-12-31',
      receipt_period: 'month',
    });
    // picked up on the 15th of last month: the receipt covers that month, which has ended
    const now = new Date();
    const y = now.getUTCMonth() === 0 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
    const m = now.getUTCMonth() === 0 ? 12 : now.getUTCMonth();
    const at = new Date(Date.UTC(y, m - 1, 15, 12));
    const from = `${y}-${String(m).padStart(2, '0')}-01`;
    const to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const d = await createDonation(db, {
      shopId: shop.org.id,
      value_eur: 12.5,
      created_at: new Date(at.getTime() - 3_600_000),
    });
    await markPickedUp(db, d.id, { associationId: assoc.org.id, at });
    const a = await apiAs(viaWorker, assoc.user.email, PASSWORD);
    const r = await a.post('/receipts', { shopId: shop.org.id, periodFrom: from, periodTo: to });
    expect([r.status, r.body?.error]).toEqual([201, undefined]);
    const res = await viaWorker.request(`http://sl.test/api/v1/receipts/${r.body.id}/pdf`, {
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { text } = await extractText(new Uint8Array(await res.arrayBuffer()), {
      mergePages: true,
    });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`Reçu n° ${r.body.number}`);
    expect(flat).toContain('Primeur l’Épi');
    expect(flat).toContain('RNA W691234567');
    expect(flat).toContain('12,50 €');
  });
});
