/**
 * Web Push message encryption (RFC 8291 over RFC 8188's aes128gcm) with WebCrypto. The ECDH key
 * pair, the shared secret, the HKDF steps and AES-GCM are `crypto.subtle` calls, which Node runs
 * on its thread pool (and Workers natively): encrypting a batch of alerts no longer holds the
 * event loop that answers requests, and the batch's messages are encrypted side by side. A new
 * key pair for every message (RFC 8291 section 3.1). The result is what web-push's
 * generateRequestDetails sends (same headers, same body layout); the tests' push service
 * decrypts it with http_ece, an independent implementation.
 */
const subtle = globalThis.crypto.subtle;
const text = new TextEncoder();
/** RFC 8188 record size: one record holds any payload a push service accepts (4,096 bytes) */
const RECORD_SIZE = 4096;

export interface PushTarget {
  endpoint: string;
  /** the device's public key (P-256, uncompressed, base64url) and auth secret (base64url) */
  p256dh: string;
  auth: string;
}

export interface PushOptions {
  /** seconds the push service keeps it */
  ttl: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** one queued message per topic at the push service (base64url characters, up to 32) */
  topic?: string;
  /** the VAPID header (vapid.ts) */
  authorization: string;
}

function fromBase64url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** HKDF-SHA-256 (extract and expand) of `bytes` bytes. */
async function hkdf(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array, bytes: number) {
  const key = await subtle.importKey('raw', ikm as BufferSource, 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: salt as BufferSource, info: info as BufferSource },
    key,
    bytes * 8,
  );
  return new Uint8Array(bits);
}

/** The body and headers of one push request carrying `payload` to `target`. */
export async function encryptPush(
  target: PushTarget,
  payload: string,
  opts: PushOptions,
): Promise<{ headers: Record<string, string>; body: Uint8Array }> {
  const uaPublic = fromBase64url(target.p256dh);
  if (uaPublic.length !== 65 || uaPublic[0] !== 4)
    throw new Error('the subscription p256dh value should be a 65-byte P-256 point');
  const authSecret = fromBase64url(target.auth);
  if (authSecret.length < 16) throw new Error('the subscription auth secret is under 16 bytes');
  const plain = text.encode(payload);
  // one record: the payload, its delimiter (2: the last record) and the 16-byte tag must fit
  if (plain.length + 1 + 16 > RECORD_SIZE) throw new Error('payload too large for one record');

  const [local, uaKey] = await Promise.all([
    subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']),
    subtle.importKey(
      'raw',
      uaPublic as BufferSource,
      { name: 'ECDH', namedCurve: 'P-256' },
      false,
      [],
    ),
  ]);
  const { privateKey, publicKey } = local as CryptoKeyPair;
  const [asPublicBuf, secretBits] = await Promise.all([
    subtle.exportKey('raw', publicKey),
    subtle.deriveBits({ name: 'ECDH', public: uaKey } as EcdhKeyDeriveParams, privateKey, 256),
  ]);
  const asPublic = new Uint8Array(asPublicBuf as ArrayBuffer);
  const ecdhSecret = new Uint8Array(secretBits);

  // RFC 8291 section 3.4: IKM from the shared secret and the auth secret, bound to both keys
  const keyInfo = concat(text.encode('WebPush: info\0'), uaPublic, asPublic);
  const ikm = await hkdf(authSecret, ecdhSecret, keyInfo, 32);
  // RFC 8188 section 2.2-2.3: content key and nonce from a random salt
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const [cek, nonce] = await Promise.all([
    hkdf(salt, ikm, text.encode('Content-Encoding: aes128gcm\0'), 16),
    hkdf(salt, ikm, text.encode('Content-Encoding: nonce\0'), 12),
  ]);
  const aes = await subtle.importKey('raw', cek as BufferSource, 'AES-GCM', false, ['encrypt']);
  const sealed = await subtle.encrypt(
    { name: 'AES-GCM', iv: nonce as BufferSource, tagLength: 128 },
    aes,
    concat(plain, new Uint8Array([2])) as BufferSource,
  );
  // header: salt, record size (uint32 big-endian), key id length and key id (our public key)
  const header = new Uint8Array(16 + 4 + 1 + 65);
  header.set(salt, 0);
  new DataView(header.buffer).setUint32(16, RECORD_SIZE);
  header[20] = 65;
  header.set(asPublic, 21);
  const headers: Record<string, string> = {
    TTL: String(Math.max(0, Math.floor(opts.ttl))),
    'Content-Type': 'application/octet-stream',
    'Content-Encoding': 'aes128gcm',
    Urgency: opts.urgency,
    Authorization: opts.authorization,
  };
  if (opts.topic) headers.Topic = opts.topic;
  return { headers, body: concat(header, new Uint8Array(sealed)) };
}
