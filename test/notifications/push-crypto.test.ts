import { createECDH, randomBytes } from 'node:crypto';
// @ts-expect-error http_ece ships no types
import ece from 'http_ece';
import webpush from 'web-push';
import { describe, expect, it } from 'vitest';
import { encryptPush } from '../../src/notifications/push-crypto.js';

function device() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    target: {
      endpoint: 'https://push.example/abc',
      p256dh: ecdh.getPublicKey().toString('base64url'),
      auth: auth.toString('base64url'),
    },
  };
}

const opts = {
  ttl: 600,
  urgency: 'high' as const,
  topic: 'donation-7',
  authorization: 'vapid t=x, k=y',
};

describe('Web Push encryption with WebCrypto (RFC 8291, aes128gcm)', () => {
  it('a device decrypts it with an independent implementation (http_ece)', async () => {
    const d = device();
    for (const payload of ['{}', JSON.stringify({ title: 'Pain, 8 kg', body: 'é'.repeat(1500) })]) {
      const { body } = await encryptPush(d.target, payload, opts);
      const plain = ece.decrypt(Buffer.from(body), {
        version: 'aes128gcm',
        privateKey: d.ecdh,
        authSecret: d.auth,
      });
      expect(plain.toString('utf8')).toBe(payload);
    }
  });

  it('a new key pair and salt for every message', async () => {
    const d = device();
    const a = (await encryptPush(d.target, 'x', opts)).body;
    const b = (await encryptPush(d.target, 'x', opts)).body;
    expect(Buffer.from(a.slice(0, 16)).equals(Buffer.from(b.slice(0, 16)))).toBe(false);
    expect(Buffer.from(a.slice(21, 86)).equals(Buffer.from(b.slice(21, 86)))).toBe(false);
  });

  it('another device cannot read it', async () => {
    const d = device();
    const other = device();
    const { body } = await encryptPush(d.target, 'secret', opts);
    expect(() =>
      ece.decrypt(Buffer.from(body), {
        version: 'aes128gcm',
        privateKey: other.ecdh,
        authSecret: d.auth,
      }),
    ).toThrow();
  });

  it('the headers web-push would send', async () => {
    const d = device();
    const ours = (await encryptPush(d.target, 'x', opts)).headers;
    const theirs = webpush.generateRequestDetails(
      { endpoint: d.target.endpoint, keys: { p256dh: d.target.p256dh, auth: d.target.auth } },
      'x',
      {
        TTL: 600,
        urgency: 'high',
        topic: 'donation-7',
        headers: { Authorization: opts.authorization },
      },
    ).headers as Record<string, unknown>;
    const drop = (h: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(h)
          .filter(([k]) => k.toLowerCase() !== 'content-length')
          .map(([k, v]) => [k, String(v)]),
      );
    expect(ours).toEqual(drop(theirs));
  });

  it('refuses a bad device key or auth secret, and a payload over one record', async () => {
    const d = device();
    await expect(encryptPush({ ...d.target, p256dh: 'AAAA' }, 'x', opts)).rejects.toThrow(/p256dh/);
    await expect(encryptPush({ ...d.target, auth: 'AAAA' }, 'x', opts)).rejects.toThrow(/auth/);
    await expect(encryptPush(d.target, 'x'.repeat(4080), opts)).rejects.toThrow(/too large/);
  });
});
