// Runs inside workerd (vitest.workers.config.ts): the photo of a donation, through the Worker
// entry, stored as bytea through Hyperdrive and served back byte for byte: posted with the form
// (multipart, as a phone sends it), put and taken off through the API, refused over its limit
// with the body streamed (no length).
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresClient, type Sql } from '../../src/db/postgres.js';
import { PostgresJsDialect } from '../../src/db/postgres-dialect.js';
import type { Database } from '../../src/db/schema.js';
import { workerdSocket } from '../../src/cloudflare/pg-socket.js';
import { checkPhoto, PHOTO_MAX_BYTES } from '../../src/donations/photo-bytes.js';
import worker from '../../src/worker.js';
import { apiAs, Client } from '../helpers/app.js';
import { donationForm } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { jpeg, pngOfSize } from '../helpers/photo-files.js';

const viaWorker = {
  async request(url: string, init?: RequestInit) {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(url, init), env as any, ctx as any);
    const body = await res.arrayBuffer();
    await waitOnExecutionContext(ctx);
    return new Response(res.status === 204 || res.status === 304 ? null : body, {
      status: res.status,
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
  db = new Kysely<Database>({ dialect: new PostgresJsDialect(client as any) });
});
afterAll(async () => {
  await client?.end({ timeout: 5 });
});

/** Tomorrow in Paris: the form's 10:00 - 12:00 window is ahead whatever the hour of the run. */
const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(
  new Date(Date.now() + 86_400_000),
);
const same = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

async function fetchPhoto(path: string) {
  const res = await viaWorker.request(`http://sl.test${path}`);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

describe('photos on workerd, through Hyperdrive', () => {
  it('posted with the form, put and taken off through the API, fetched back without a session', async () => {
    const base = { lat: 44.2 + Math.random(), lng: 1.2 + Math.random() };
    const shop = await createOrgWithUser(db, 'shop', base);

    // the phone's form, multipart with the photo
    const browser = new Client(viaWorker, 'http://sl.test');
    await browser.signIn(shop.user.email, PASSWORD);
    const posted = await browser.postMultipart(
      '/donations',
      donationForm({ description: 'Pains au levain (workerd)', pickupDate: tomorrow }),
      { photo: { bytes: jpeg(1024, 768), name: 'IMG_0002.JPG', type: 'image/jpeg' } },
    );
    expect(posted.status).toBe(303);
    const id = Number(posted.headers.get('location')!.split('/').pop());
    const api = await apiAs(viaWorker, shop.user.email, PASSWORD);
    const first = (await api.get(`/donations/${id}`)).body.photoUrl as string;
    expect(first).toMatch(/^\/photos\/[\w-]{20,}$/);
    const one = await fetchPhoto(first);
    expect([one.status, one.type]).toEqual([200, 'image/jpeg']);
    expect(same(one.bytes, checkPhoto(jpeg(1024, 768)).bytes)).toBe(true);

    // another through the API, the image as the body
    const put = (body: BodyInit, type = 'image/png') =>
      viaWorker.request(`http://sl.test/api/v1/donations/${id}/photo`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${api.token}`, 'content-type': type },
        body,
        duplex: 'half',
      } as RequestInit);
    const png = pngOfSize(300, 200);
    const replaced = await put(png as BodyInit);
    expect(replaced.status).toBe(200);
    const second = (await replaced.json()).photoUrl as string;
    expect(second).not.toBe(first);
    expect((await fetchPhoto(first)).status).toBe(404);
    const two = await fetchPhoto(second);
    expect([two.status, two.type]).toEqual([200, 'image/png']);
    expect(same(two.bytes, png)).toBe(true);

    // over 2 MB, streamed without a length: 413 and the photo stays
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > PHOTO_MAX_BYTES) return controller.close();
        sent += 256 * 1024;
        controller.enqueue(new Uint8Array(256 * 1024));
      },
    });
    expect((await put(stream)).status).toBe(413);
    expect((await put(new TextEncoder().encode('not an image') as BodyInit)).status).toBe(422);
    expect((await api.get(`/donations/${id}`)).body.photoUrl).toBe(second);

    const off = await api.delete(`/donations/${id}/photo`);
    expect([off.status, off.body.photoUrl]).toEqual([200, null]);
    expect((await fetchPhoto(second)).status).toBe(404);
  });
});
