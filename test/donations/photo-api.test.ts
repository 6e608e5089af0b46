import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPhoto, PHOTO_MAX_BYTES } from '../../src/donations/photo-bytes.js';
import { expectApiError, strictApp, useNoServerErrors } from '../api/strict-app.js';
import { apiAs, Client, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { ascii, jpeg, pngOfSize } from '../helpers/photo-files.js';

// The photo of a donation through the API (PUT/DELETE /api/v1/donations/:id/photo), and the
// photo a remainder keeps after a partial pickup; on the engine TEST_DB picks.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors(); // and no error logged

const H = 3_600_000;
// the test clock starts at 2026-11-27T09:00 Paris
const at = (h: number) => new Date(Date.parse('2026-11-27T08:00:00Z') + h * H).toISOString();

let places = 0;
async function world() {
  const built = strictApp(t.db);
  // a neighbourhood of its own for each world: no other test's donations in its feeds
  const lng = 2 + ++places * 0.5;
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  const otherShop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  const near = { radius_km: 3, storage_chilled: true };
  const driver = await createOrgWithUser(t.db, 'association', { lat: 45.77, lng, ...near });
  const other = await createOrgWithUser(t.db, 'association', { lat: 45.768, lng, ...near });
  const api = (email: string) => apiAs(built.app, email, PASSWORD);
  return {
    ...built,
    shop,
    other,
    shopApi: await api(shop.user.email),
    otherShopApi: await api(otherShop.user.email),
    driverApi: await api(driver.user.email),
    otherApi: await api(other.user.email),
  };
}
type World = Awaited<ReturnType<typeof world>>;

/** A raw upload, the image as the body, with a bearer token (or none). */
async function put(
  w: World,
  id: number,
  token: string | null,
  body: BodyInit,
  type = 'image/jpeg',
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { 'content-type': type, ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await w.app.request(`http://localhost/api/v1/donations/${id}/photo`, {
    method: 'PUT',
    headers,
    body,
    duplex: 'half',
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function posted(w: World) {
  const res = await w.shopApi.post('/donations', {
    category: 'bakery',
    description: 'Pains de campagne',
    quantityKg: 5,
    storage: 'ambient',
    pickupFrom: at(0),
    pickupUntil: at(4),
  });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

const tokenOf = async (id: number) =>
  (
    await t.db
      .selectFrom('donations')
      .select('photo_token')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).photo_token;

const photoRows = async (id: number) =>
  Number(
    (
      await t.db
        .selectFrom('donation_photos')
        .select((e) => e.fn.countAll().as('n'))
        .where('donation_id', '=', id)
        .executeTakeFirstOrThrow()
    ).n,
  );

async function served(w: World, url: string) {
  const res = await new Client(w.app).get(url);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

describe('PUT /api/v1/donations/:id/photo', () => {
  it('a shop member sets it (stripped, typed by its bytes), replaces it under a new address, takes it off', async () => {
    const w = await world();
    const id = await posted(w);
    const first = await put(w, id, w.shopApi.token, jpeg(1200, 900) as BodyInit);
    expect(first.status).toBe(200);
    expect(first.body.photoUrl).toMatch(/^\/photos\/[\w-]{20,}$/);
    const one = await served(w, first.body.photoUrl);
    expect([one.status, one.type]).toEqual([200, 'image/jpeg']);
    expect(Buffer.from(one.bytes).equals(Buffer.from(checkPhoto(jpeg(1200, 900)).bytes))).toBe(
      true,
    );
    expect(Buffer.from(one.bytes).toString('latin1')).not.toContain('GPS');
    // the association that may claim it sees the same address
    expect((await w.driverApi.get(`/donations/${id}`)).body.photoUrl).toBe(first.body.photoUrl);

    // declared as PNG with parameters: the bytes say PNG, the type follows them
    const second = await put(
      w,
      id,
      w.shopApi.token,
      pngOfSize(64, 32) as BodyInit,
      'Image/PNG; q=1',
    );
    expect(second.status).toBe(200);
    expect(second.body.photoUrl).not.toBe(first.body.photoUrl);
    expect((await served(w, first.body.photoUrl)).status).toBe(404);
    expect((await served(w, second.body.photoUrl)).type).toBe('image/png');
    expect(await photoRows(id)).toBe(1);

    const off = await w.shopApi.delete(`/donations/${id}/photo`);
    expect(off.status).toBe(200);
    expect(off.body.photoUrl).toBeNull();
    expect((await served(w, second.body.photoUrl)).status).toBe(404);
    expect(await photoRows(id)).toBe(0);
  });

  it('refuses what is not an image, too many pixels, another type, a body over 2 MB: nothing changes', async () => {
    const w = await world();
    const id = await posted(w);
    const kept = (await put(w, id, w.shopApi.token, jpeg() as BodyInit)).body.photoUrl;
    const svg = new Uint8Array(ascii('<svg><script>alert(1)</script></svg>'));
    const notImage = await put(w, id, w.shopApi.token, svg as BodyInit);
    expect(notImage.status).toBe(422);
    expectApiError(notImage.body, 'invalid_input', ['photo']);
    expect(Object.keys(notImage.body.error.fields)).toEqual(['photo']);
    const empty = await put(w, id, w.shopApi.token, new Uint8Array(0) as BodyInit);
    expect(empty.status).toBe(422);
    const huge = await put(w, id, w.shopApi.token, pngOfSize(20_000, 100) as BodyInit, 'image/png');
    expect(huge.status).toBe(422);
    expect(huge.body.error.fields.photo).toMatch(/8,?192/);

    for (const type of ['text/plain', 'application/json', 'image/gif', 'image/svg+xml', '']) {
      const res = await put(w, id, w.shopApi.token, jpeg() as BodyInit, type);
      expect(res.status).toBe(415);
      expectApiError(res.body, 'unsupported_media_type');
    }

    // over the limit: 413 before the body is read, declared or streamed without a length
    const big = new Uint8Array(PHOTO_MAX_BYTES + 1);
    big.set(jpeg());
    const declared = await put(w, id, w.shopApi.token, big as BodyInit);
    expect(declared.status).toBe(413);
    expectApiError(declared.body, 'payload_too_large');
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > PHOTO_MAX_BYTES + 64 * 1024) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    expect((await put(w, id, w.shopApi.token, stream)).status).toBe(413);
    // exactly at the limit it is read, and judged by its bytes
    const edge = new Uint8Array(PHOTO_MAX_BYTES);
    expect((await put(w, id, w.shopApi.token, edge as BodyInit)).status).toBe(422);

    expect((await w.shopApi.get(`/donations/${id}`)).body.photoUrl).toBe(kept);
    expect(await photoRows(id)).toBe(1);
  });

  it('only the shop’s members, only while open; anyone else keeps the 64 KB limit', async () => {
    const w = await world();
    const id = await posted(w);
    const image = jpeg() as BodyInit;
    expect((await put(w, id, null, image)).status).toBe(401);
    const wrongShop = await put(w, id, w.otherShopApi.token, image);
    expect(wrongShop.status).toBe(404);
    // another shop learns nothing from the bytes either: 404, not a field message
    expect(
      (await put(w, id, w.otherShopApi.token, new Uint8Array(ascii('nope')) as BodyInit)).status,
    ).toBe(404);
    expect((await put(w, id, w.driverApi.token, image)).status).toBe(404);
    expect((await put(w, 999_999_999, w.shopApi.token, image)).status).toBe(404);
    expect((await put(w, 0, w.shopApi.token, image)).status).toBe(404);
    const bigForThem = new Uint8Array(200 * 1024);
    bigForThem.set(jpeg());
    expect((await put(w, id, w.driverApi.token, bigForThem as BodyInit)).status).toBe(413);
    expect((await w.otherShopApi.delete(`/donations/${id}/photo`)).status).toBe(404);
    expect(await tokenOf(id)).toBeNull();

    // another member of the shop may
    const colleague = await createUser(t.db, { organisationId: w.shop.org.id, role: 'member' });
    const colleagueApi = await apiAs(w.app, colleague.email, PASSWORD);
    expect((await put(w, id, colleagueApi.token, image)).status).toBe(200);

    // claimed: the photo stays as it was, in both directions
    expect((await w.driverApi.post(`/donations/${id}/claim`)).status).toBe(200);
    const before = await tokenOf(id);
    const late = await put(w, id, w.shopApi.token, image);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('not_open');
    expect((await w.shopApi.delete(`/donations/${id}/photo`)).status).toBe(409);
    expect(await tokenOf(id)).toBe(before);
  });
});

describe('the remainder of a partial pickup keeps the photo', () => {
  it('copied under an address of its own, shown in the other association’s feed', async () => {
    const w = await world();
    const id = await posted(w);
    const mine = (await put(w, id, w.shopApi.token, jpeg(800, 600) as BodyInit)).body.photoUrl;
    expect((await w.driverApi.post(`/donations/${id}/claim`)).status).toBe(200);
    const code = (await w.shopApi.get(`/donations/${id}`)).body.handoverCode;
    const res = await w.driverApi.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: 2,
      quality: 'good',
      remainder: 'reoffer',
    });
    expect(res.status).toBe(200);
    const restId = res.body.remainder.id as number;

    const rest = (await w.otherApi.get('/donations')).body.items.find(
      (i: { id: number }) => i.id === restId,
    );
    expect(rest.photoUrl).toMatch(/^\/photos\/[\w-]{20,}$/);
    // not the first donation's address: that one leads to the first donation only
    expect(rest.photoUrl).not.toBe(mine);
    const a = await served(w, mine);
    const b = await served(w, rest.photoUrl);
    expect([a.status, b.status, b.type]).toEqual([200, 200, 'image/jpeg']);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    // the feed page shows it too, and the alert of the remainder carries it
    const page = await (await signedIn(w.app, w.other.user.email)).get('/feed');
    expect(await page.text()).toContain(`src="${rest.photoUrl}"`);
    const alerts = await t.db
      .selectFrom('push_deliveries')
      .select('payload')
      .where('donation_id', '=', restId)
      .execute();
    expect(alerts.length).toBeGreaterThan(0);
    expect(JSON.stringify(alerts.map((x) => x.payload))).toContain(rest.photoUrl);
    expect(JSON.stringify(alerts.map((x) => x.payload))).not.toContain(mine);

    // the shop changes the remainder's photo: the first donation's stays as it was
    const changed = await put(w, restId, w.shopApi.token, pngOfSize(10, 10) as BodyInit);
    expect(changed.status).toBe(200);
    expect((await served(w, mine)).type).toBe('image/jpeg');
    expect(await photoRows(id)).toBe(1);
    expect(await photoRows(restId)).toBe(1);
  });

  it('without a photo the remainder has none', async () => {
    const w = await world();
    const id = await posted(w);
    expect((await w.driverApi.post(`/donations/${id}/claim`)).status).toBe(200);
    const code = (await w.shopApi.get(`/donations/${id}`)).body.handoverCode;
    const res = await w.driverApi.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: 1,
      quality: 'good',
      remainder: 'reoffer',
    });
    const restId = res.body.remainder.id as number;
    expect(await tokenOf(restId)).toBeNull();
    expect(await photoRows(restId)).toBe(0);
  });
});
