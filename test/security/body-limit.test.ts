import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/body-limit.js';
import { buildApp, Client } from '../helpers/app.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

const MB = 1024 * 1024;

/**
 * Sends `total` bytes of `chunk` repeated, as a browser or a script would (chunked unless
 * `contentLength` is declared), and stops writing as soon as the server answers. `written` is how
 * much had gone out then: a server that reads the whole body before answering lets it reach `total`.
 */
function send(
  path: string,
  opts: { chunk: string; total: number; headers: Record<string, string>; contentLength?: number },
) {
  const url = new URL(path, s.url);
  return new Promise<{ status: number; body: string; written: number }>((resolve, reject) => {
    let response: IncomingMessage | null = null;
    let written = 0;
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.contentLength !== undefined) headers['content-length'] = opts.contentLength;
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      response = res;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, written }));
    });
    // the server may close the connection after answering: that is not a failure
    req.on('error', (e) => (response ? undefined : reject(e)));
    (async () => {
      const piece = Buffer.from(opts.chunk);
      while (!response && written < opts.total) {
        if (!req.write(piece)) await new Promise((r) => req.once('drain', r));
        written += piece.length;
        await new Promise((r) => setImmediate(r)); // let the answer in
      }
      if (!response) req.end();
    })().catch(reject);
  });
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const json = { 'content-type': 'application/json' };

describe('request bodies are limited before anything reads them', () => {
  it('an anonymous chunked 32 MB POST /signin is refused with 413 while it is still being sent', async () => {
    const res = await send('/signin', {
      headers: { ...form, 'accept-language': 'fr' },
      chunk: `email=${'a'.repeat(16 * 1024)}&`,
      total: 32 * MB,
    });
    expect(res.status).toBe(413);
    expect(res.body).toContain('trop volumineux');
    // the server answered after reading about the limit, long before the body's end
    expect(res.written).toBeLessThan(4 * MB);
  });

  it('a declared Content-Length over the limit is refused without reading the body', async () => {
    const res = await send('/signin', {
      headers: form,
      chunk: 'x'.repeat(16 * 1024),
      total: 32 * MB,
      contentLength: 32 * MB,
    });
    expect(res.status).toBe(413);
    expect(res.written).toBeLessThan(4 * MB);
  });

  it('the API answers 413 with the error object, chunked body and all', async () => {
    const res = await send('/api/v1/tokens', {
      headers: json,
      chunk: `{"email":"${'a'.repeat(16 * 1024)}",`,
      total: 32 * MB,
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'payload_too_large', message: expect.stringMatching(/64 KB/) },
    });
    expect(res.written).toBeLessThan(4 * MB);
  });

  it('a chunked form under the limit still signs in (the counted body reaches the handler)', async () => {
    const user = await createUser(s.db);
    const page = await fetch(`${s.url}/signin`);
    const csrf = page.headers
      .getSetCookie()
      .map((l) => l.split(';')[0])
      .find((p) => p.startsWith('csrf='))!;
    const fields = new URLSearchParams({
      _csrf: csrf.slice('csrf='.length),
      email: user.email,
      password: PASSWORD,
      next: '/dashboard',
      padding: 'p'.repeat(40 * 1024),
    }).toString();
    const res = await send('/signin', {
      headers: { ...form, cookie: csrf },
      chunk: fields,
      total: fields.length,
    });
    expect(res.status).toBe(303);
  });
});

describe('the limit through app.request', () => {
  it('a form just over the limit gets the French page, one just under is read', async () => {
    const { app } = buildApp(s.db);
    const user = await createUser(s.db);
    const c = new Client(app);
    const over = await c.post('/signin', {
      email: user.email,
      password: PASSWORD,
      padding: 'p'.repeat(MAX_BODY_BYTES),
    });
    expect(over.status).toBe(413);
    expect(over.headers.get('content-type')).toMatch(/text\/html/);
    expect(await over.text()).toContain('Ce que vous envoyez est trop volumineux');
    const under = await c.post('/signin', {
      email: user.email,
      password: PASSWORD,
      padding: 'p'.repeat(MAX_BODY_BYTES - 1024),
    });
    expect(under.status).toBe(303);
  });

  it('in English for an English browser', async () => {
    const { app } = buildApp(s.db);
    const res = await new Client(app).post(
      '/signin',
      { padding: 'p'.repeat(MAX_BODY_BYTES) },
      { 'accept-language': 'en-GB' },
    );
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('What you sent is too large');
  });
});
