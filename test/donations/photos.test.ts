import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkPhoto,
  PHOTO_MAX_BYTES,
  PhotoError,
  type PhotoProblem,
} from '../../src/donations/photo-bytes.js';
import { ApiClient, buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { donationForm } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { ascii, jpeg, pngChunk, pngOfSize, SECRET, segment } from '../helpers/photo-files.js';

// ---- files made byte by byte (test/helpers/photo-files.ts) and here

/** The real 192 px icon, with a text chunk (where programs write authors and places) inserted. */
function pngWithText() {
  const icon = readFileSync(new URL('../../static/icons/icon-192.png', import.meta.url));
  const iend = icon.length - 12;
  return new Uint8Array([
    ...icon.subarray(0, iend),
    ...pngChunk('tEXt', ascii(`Comment\0${SECRET}`)),
    ...icon.subarray(iend),
  ]);
}

function riffChunk(type: string, data: number[]) {
  const size = data.length;
  return [
    ...ascii(type),
    size & 0xff,
    (size >> 8) & 0xff,
    (size >> 16) & 0xff,
    size >>> 24,
    ...data,
    ...(size % 2 ? [0] : []),
  ];
}

/** An extended WebP 99 x 49 with a lossless image and an EXIF chunk (VP8X flags say so). */
function webp() {
  const le24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
  const bits = (99 - 1) | ((49 - 1) << 14);
  const body = [
    ...ascii('WEBP'),
    ...riffChunk('VP8X', [0x08 | 0x04, 0, 0, 0, ...le24(98), ...le24(48)]),
    ...riffChunk('VP8L', [
      0x2f,
      bits & 0xff,
      (bits >> 8) & 0xff,
      (bits >> 16) & 0xff,
      bits >>> 24,
      0,
      0,
    ]),
    ...riffChunk('EXIF', ascii(SECRET)),
    ...riffChunk('XMP ', ascii(SECRET)),
  ];
  const n = body.length;
  return new Uint8Array([
    ...ascii('RIFF'),
    n & 0xff,
    (n >> 8) & 0xff,
    (n >> 16) & 0xff,
    n >>> 24,
    ...body,
  ]);
}

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const problem = (b: Uint8Array): PhotoProblem | 'ok' => {
  try {
    checkPhoto(b);
    return 'ok';
  } catch (e) {
    if (e instanceof PhotoError) return e.problem;
    throw e;
  }
};

describe('a photo is read from its bytes and stored without its metadata', () => {
  it('JPEG: size from the frame header; EXIF, IPTC and comments cut, the colour profile kept', () => {
    const p = checkPhoto(jpeg(640, 480));
    expect(p).toMatchObject({ mime: 'image/jpeg', width: 640, height: 480 });
    expect(text(p.bytes)).not.toContain('GPS');
    expect(text(p.bytes)).toContain('JFIF');
    expect(text(p.bytes)).toContain('ICC_PROFILE');
    // what follows the start of scan is kept byte for byte
    expect([...p.bytes.subarray(-7)]).toEqual([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]);
    expect(text(jpeg())).toContain('GPS'); // the file had it
  });

  it('PNG: the real icon keeps its image chunks, loses its text chunk', () => {
    const p = checkPhoto(pngWithText());
    expect(p).toMatchObject({ mime: 'image/png', width: 192, height: 192 });
    expect(text(p.bytes)).not.toContain('GPS');
    const icon = readFileSync(new URL('../../static/icons/icon-192.png', import.meta.url));
    expect(Buffer.from(p.bytes).equals(icon)).toBe(true);
  });

  it('WebP: EXIF and XMP chunks cut, their flags cleared, the RIFF size right', () => {
    const p = checkPhoto(webp());
    expect(p).toMatchObject({ mime: 'image/webp', width: 99, height: 49 });
    expect(text(p.bytes)).not.toContain('GPS');
    expect(p.bytes[20]! & 0x0c).toBe(0);
    expect(Buffer.from(p.bytes).readUInt32LE(4)).toBe(p.bytes.length - 8);
  });

  it.each<[string, () => Uint8Array, PhotoProblem]>([
    [
      'a GIF',
      () => new Uint8Array([...ascii('GIF89a'), 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      'not_image',
    ],
    [
      'an SVG (it could carry a script)',
      () =>
        new Uint8Array(
          ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ),
      'not_image',
    ],
    [
      'a text file named .jpg',
      () => new Uint8Array(ascii('hello, this is not a photo at all')),
      'not_image',
    ],
    ['a JPEG cut before its end', () => jpeg(640, 480, { eoi: false }), 'not_image'],
    ['a JPEG cut in a segment', () => jpeg().subarray(0, 40), 'not_image'],
    ['a PNG cut before IEND', () => pngWithText().subarray(0, 200), 'not_image'],
    [
      'a WebP whose RIFF size lies',
      () => {
        const w = webp();
        w[4] = 0xff;
        w[5] = 0xff;
        return w;
      },
      'not_image',
    ],
    ['a 20,000-pixel-wide PNG', () => pngOfSize(20_000, 100), 'too_many_pixels'],
    ['a 7,000 x 7,000 PNG (49 Mpx)', () => pngOfSize(7000, 7000), 'too_many_pixels'],
    ['a JPEG of 0 x 0', () => jpeg(0, 0), 'not_image'],
    [
      'a file over 2 MB',
      () => {
        const b = new Uint8Array(PHOTO_MAX_BYTES + 1);
        b.set(jpeg());
        return b;
      },
      'too_large',
    ],
  ])('%s is refused (%s)', (_name, make, expected) => {
    expect(problem(make())).toBe(expected);
  });

  it('JPEG as phones write them: MPF, the pictures after the first, metadata between scans, all cut', () => {
    const exif = segment(0xe1, [...ascii('Exif\0\0'), ...ascii(SECRET)]);
    const mpf = segment(0xe2, [...ascii('MPF\0'), ...ascii(SECRET)]);
    const first = jpeg(800, 600);
    // a progressive file: a second scan after a table and an XMP segment
    const progressive = new Uint8Array([
      ...first.subarray(0, first.length - 2),
      ...exif,
      ...segment(0xc4, [0, ...new Array(16).fill(0)]),
      ...segment(0xda, [1, 1, 0, 0, 0x3f, 0]),
      0x77,
      0xff,
      0xd3, // a restart marker is data
      0x78,
      0xff,
      0xd9,
    ]);
    const withMpf = new Uint8Array([
      ...progressive.subarray(0, 2),
      ...mpf,
      ...progressive.subarray(2),
    ]);
    // an MPO: a second picture appended after the first one's end, with its own EXIF
    const mpo = new Uint8Array([...withMpf, ...jpeg(200, 150)]);
    const p = checkPhoto(mpo);
    expect(p).toMatchObject({ mime: 'image/jpeg', width: 800, height: 600 });
    expect(text(p.bytes)).not.toContain('GPS');
    expect(text(p.bytes)).not.toContain('MPF');
    expect(text(p.bytes)).toContain('ICC_PROFILE');
    expect([...p.bytes.subarray(-6)]).toEqual([0x77, 0xff, 0xd3, 0x78, 0xff, 0xd9]);
    // the DHT and the second scan's header stay
    expect(p.bytes.length).toBe(checkPhoto(progressive).bytes.length);
  });

  it('limits hold exactly at their edges', () => {
    expect(problem(pngOfSize(8192, 4000))).toBe('ok');
    expect(problem(pngOfSize(8193, 10))).toBe('too_many_pixels');
  });
});

// ---- through the posting form, on the database

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

async function people() {
  const { app } = buildApp(t.db);
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.764, lng: 4.8357 });
  const assoc = await createOrgWithUser(t.db, 'association', { lat: 45.768, lng: 4.835 }, 'member');
  const s = new Client(app);
  await s.signIn(shop.user.email, PASSWORD);
  const a = new Client(app);
  await a.signIn(assoc.user.email, PASSWORD);
  return { app, shop, assoc, s, a };
}

const count = async (shopId: number) =>
  Number(
    (
      await t.db
        .selectFrom('donations')
        .select((e) => e.fn.countAll().as('n'))
        .where('shop_id', '=', shopId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the posting form takes a photo', () => {
  it('stores it stripped, shows it in the feed and the page, and the alert carries it', async () => {
    const { s, a, assoc, app } = await people();
    const res = await s.postMultipart('/donations', donationForm({ description: 'Pain du jour' }), {
      photo: { bytes: jpeg(1200, 900), name: 'IMG_0001.JPG', type: 'image/jpeg' },
    });
    expect(res.status).toBe(303);
    const id = Number(res.headers.get('location')!.split('/').pop());
    const row = await t.db
      .selectFrom('donations as d')
      .innerJoin('donation_photos as p', 'p.donation_id', 'd.id')
      .select(['d.photo_token', 'p.mime', 'p.width', 'p.height', 'p.bytes'])
      .where('d.id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ mime: 'image/jpeg', width: 1200, height: 900 });
    expect(row.photo_token).toMatch(/^[\w-]{20,}$/);

    // served without a session, as its bytes' type, metadata gone
    const anon = new Client(app);
    const img = await anon.get(`/photos/${row.photo_token}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect(img.headers.get('x-content-type-options')).toBe('nosniff');
    expect(img.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const served = new Uint8Array(await img.arrayBuffer());
    expect(text(served)).not.toContain('GPS');
    expect(Buffer.from(served).equals(Buffer.from(checkPhoto(jpeg(1200, 900)).bytes))).toBe(true);
    expect((await anon.get('/photos/not-a-real-token-at-all')).status).toBe(404);
    expect((await anon.get('/photos/%3Cscript%3E')).status).toBe(404);

    const feed = await (await a.get('/feed')).text();
    expect(feed).toContain(`src="/photos/${row.photo_token}"`);
    expect(feed).toContain('alt="Photo du don : Pain du jour"');
    const page = await (await s.get(`/donations/${id}`)).text();
    expect(page).toContain(`class="donation-photo" src="/photos/${row.photo_token}"`);
    const tok = await new ApiClient(app).post('/tokens', {
      email: assoc.user.email,
      password: PASSWORD,
    });
    const api = new ApiClient(app, tok.body.token);
    const one = await api.get(`/donations/${id}`);
    expect(one.body.photoUrl).toBe(`/photos/${row.photo_token}`);

    // the alert: push with the image, e-mail with a link to it (member without a device)
    const mails = await t.db
      .selectFrom('push_deliveries')
      .select(['payload', 'channel'])
      .where('donation_id', '=', id)
      .execute();
    const mail = mails.find((m) => m.channel === 'email');
    expect(mail, 'the member without a device is told by e-mail').toBeDefined();
    expect(JSON.stringify(mail!.payload)).toContain(`/photos/${row.photo_token}`);
  });

  it('a photo that is not an image, or too big: a field message, the typed values kept, nothing saved', async () => {
    const { s, shop } = await people();
    for (const [bytes, message] of [
      [
        new Uint8Array(ascii('<svg><script>alert(1)</script></svg>')),
        'n’est pas une photo lisible',
      ],
      [pngOfSize(20_000, 20_000), '8 192 pixels'],
      [
        (() => {
          const b = new Uint8Array(PHOTO_MAX_BYTES + 10);
          b.set(jpeg());
          return b;
        })(),
        '2 Mo au plus',
      ],
    ] as const) {
      const res = await s.postMultipart(
        '/donations',
        donationForm({ description: 'Tartes aux pommes' }),
        {
          photo: { bytes, name: 'x.jpg', type: 'image/jpeg' },
        },
      );
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('id="f-photo-err"');
      expect(html).toContain('value="Tartes aux pommes"');
    }
    expect(await count(shop.org.id)).toBe(0);
  });

  it('the other fields’ messages and the photo’s come together', async () => {
    const { s, shop } = await people();
    const res = await s.postMultipart('/donations', donationForm({ quantityKg: '' }), {
      photo: {
        bytes: new Uint8Array(ascii('nope nope nope nope')),
        name: 'x.png',
        type: 'image/png',
      },
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="f-photo-err"');
    expect(html).toContain('id="f-quantityKg-err"');
    expect(await count(shop.org.id)).toBe(0);
  });

  it('without a photo the form posts as before, multipart or not', async () => {
    const { s, shop } = await people();
    expect((await s.postMultipart('/donations', donationForm(), {})).status).toBe(303);
    expect((await s.post('/donations', donationForm())).status).toBe(303);
    const rows = await t.db
      .selectFrom('donations')
      .select('photo_token')
      .where('shop_id', '=', shop.org.id)
      .execute();
    expect(rows.map((r) => r.photo_token)).toEqual([null, null]);
  });

  it('a made-up session cookie does not open the 8 MB limit; a cut multipart body is a 400', async () => {
    const { s, app } = await people();
    const forged = new Client(app);
    await forged.csrf();
    forged.cookies.set('sid', 'made-up-session-value-0123456789');
    const res = await forged.postMultipart('/donations', donationForm(), {
      photo: { bytes: new Uint8Array(200 * 1024), name: 'x.jpg', type: 'image/jpeg' },
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('64 Ko au plus');

    const cut = await s.request('/donations', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=----x' },
      body: '------x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc',
    });
    expect(cut.status).toBe(400);
    expect(await cut.text()).toContain('illisible');
  });

  it('an upload over 8 MB is refused unread (413); without a session the limit stays 64 KB', async () => {
    const { s, app } = await people();
    const big = new Uint8Array(9 * 1024 * 1024);
    const res = await s.postMultipart('/donations', donationForm(), {
      photo: { bytes: big, name: 'huge.jpg', type: 'image/jpeg' },
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('8 Mo au plus');
    const anon = new Client(app);
    const res2 = await anon.postMultipart('/donations', donationForm(), {
      photo: { bytes: new Uint8Array(200 * 1024), name: 'x.jpg', type: 'image/jpeg' },
    });
    expect(res2.status).toBe(413);
  });
});
