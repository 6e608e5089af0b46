// Runs inside workerd (vitest.workers.config.ts), like journeys.workerd.ts: issue #19 on Workers.
// A published territory's public directory (page and JSON) without sign-in, its throttle counted
// in the database through Hyperdrive; and a chilled donation claimed via a relay hub by a partner
// without a fridge, through the API.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresClient, type Sql } from '../../src/db/postgres.js';
import { PostgresJsDialect } from '../../src/db/postgres-dialect.js';
import type { Database } from '../../src/db/schema.js';
import { workerdSocket } from '../../src/cloudflare/pg-socket.js';
import worker from '../../src/worker.js';
import { apiAs, Client } from '../helpers/app.js';
import { createOrganisation, createOrgWithUser, PASSWORD } from '../helpers/factories.js';

/** The Worker as an app for the project's test clients: each request is one invocation. */
const viaWorker = {
  async request(url: string, init?: RequestInit) {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(url, init), env as any, ctx as any);
    const body = await res.arrayBuffer();
    await waitOnExecutionContext(ctx);
    return new Response(res.status === 204 || res.status === 304 ? null : body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
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
  await client`select 1`;
  db = new Kysely<Database>({ dialect: new PostgresJsDialect(client as any) });
});
afterAll(async () => {
  await client?.end({ timeout: 5 });
});

// a neighbourhood and a commune of their own for each run, so runs against a kept database do not meet
const base = { lat: 44.2 + Math.random(), lng: 2.2 + Math.random() };
const run = Math.random().toString(36).slice(2, 8);
const citycode = `9${String(Math.floor(Math.random() * 9000) + 1000)}`;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('issue #19 on workerd, through Hyperdrive', () => {
  it("renders a published territory's public directory, page and JSON, without sign-in", async () => {
    const territory = await createOrganisation(db, 'territory', { name: `Territoire ${run}` });
    await db
      .insertInto('territory_communes')
      .values({ territory_id: territory.id, citycode })
      .execute();
    await db
      .insertInto('directory_entries')
      .values({ organisation_id: territory.id, listed: true })
      .execute();
    const shown = await createOrganisation(db, 'association', {
      name: `Épicerie solidaire ${run}`,
      citycode,
      town: `Bourg-${run}`,
      ...base,
    });
    const hidden = await createOrganisation(db, 'association', {
      name: `Association cachée ${run}`,
      citycode,
      town: `Bourg-${run}`,
      ...base,
    });
    await db
      .insertInto('directory_entries')
      .values([
        { organisation_id: shown.id, listed: true, show_name: true, show_kind: true },
        { organisation_id: hidden.id, listed: false, show_name: true },
      ])
      .execute();

    const anonymous = new Client(viaWorker, 'http://sl.test');
    const page = await anonymous.get(`/territories/${territory.id}/directory`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toContain('private');
    const html = await page.text();
    expect(html).toContain(`Territoire ${run}`);
    expect(html).toContain(`Épicerie solidaire ${run}`);
    expect(html).not.toContain(`Association cachée ${run}`);

    const json = await viaWorker.request(
      `http://sl.test/api/v1/territories/${territory.id}/directory`,
    );
    expect(json.status).toBe(200);
    const body = (await json.json()) as any;
    expect(body.territory).toEqual({ id: territory.id, name: `Territoire ${run}` });
    expect(body.entries.map((e: { name: string | null }) => e.name)).toEqual([
      `Épicerie solidaire ${run}`,
    ]);
    // an unpublished territory is not there
    const closed = await createOrganisation(db, 'territory', { name: `Fermé ${run}` });
    expect((await anonymous.get(`/territories/${closed.id}/directory`)).status).toBe(404);
    // the count is in the database: the rows of this client address were written through Hyperdrive
    const counted = await db
      .selectFrom('sign_in_throttles')
      .select('failures')
      .where('key', 'like', 'dir-client:%')
      .execute();
    expect(counted.length).toBeGreaterThan(0);
  });

  it('a partner without a fridge claims a chilled donation via its hub, through the API', async () => {
    const shop = await createOrgWithUser(db, 'shop', { ...base });
    const hub = await createOrgWithUser(db, 'association', {
      lat: base.lat + 0.002,
      lng: base.lng + 0.002,
      radius_km: 5,
      storage_chilled: true,
      name: `Relais ${run}`,
    });
    const partner = await createOrgWithUser(db, 'association', {
      lat: base.lat + 0.001,
      lng: base.lng + 0.001,
      radius_km: 5,
      storage_chilled: false,
      storage_frozen: false,
    });
    const [shopApi, hubApi, partnerApi] = [
      await apiAs(viaWorker, shop.user.email, PASSWORD),
      await apiAs(viaWorker, hub.user.email, PASSWORD),
      await apiAs(viaWorker, partner.user.email, PASSWORD),
    ];
    const declared = await hubApi.call('PUT', '/hubs', {
      capacityChilledKg: 20,
      capacityFrozenKg: 0,
      openingHours: 'du lundi au vendredi, 9 h - 18 h',
      partnerIds: [partner.org.id],
    });
    expect(declared.status).toBe(200);
    expect(
      (await partnerApi.post(`/hubs/${hub.org.id}/answer`, { decision: 'accept' })).status,
    ).toBe(200);
    const posted = await shopApi.post('/donations', {
      category: 'dairy',
      description: `Yaourts (workerd ${run})`,
      quantityKg: 5,
      storage: 'chilled',
      dateKind: 'use_by',
      date: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
      pickupFrom: iso(5 * 60_000),
      pickupUntil: iso(3 * 3600_000),
    });
    expect(posted.status).toBe(201);
    const id = posted.body.id as number;
    // not for itself (no fridge), but offered via the hub
    expect((await partnerApi.post(`/donations/${id}/claim`)).status).toBe(409);
    const offers = (await partnerApi.get('/hubs/offers')).body.items;
    expect(offers.map((i: { id: number }) => i.id)).toContain(id);
    const claim = await partnerApi.post(`/hubs/${hub.org.id}/claims`, {
      donationId: id,
      collector: 'hub',
    });
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({
      claimedBy: { organisationId: partner.org.id },
      hub: { organisationId: hub.org.id, collector: 'hub' },
    });
    expect((await hubApi.get('/hubs/held')).body.items).toMatchObject([
      { donationId: id, stage: 'at_shop', collector: 'hub' },
    ]);
    // the partner was told of it via the hub when it was posted (its member has no device: e-mail)
    const alert = await db
      .selectFrom('notification_targets')
      .select('via_hub_id')
      .where('donation_id', '=', id)
      .where('association_id', '=', partner.org.id)
      .executeTakeFirstOrThrow();
    expect(alert.via_hub_id).toBe(hub.org.id);
  });
});
