import webpush from 'web-push';

/** One push message to encrypt (RFC 8291 aes128gcm), with its VAPID header already signed. */
export interface PushToEncrypt {
  endpoint: string;
  p256dh: string;
  auth: string;
  payload: string;
  ttl: number;
  urgency: 'high' | 'normal';
  topic?: string;
  authorization: string;
}

export type Encrypted =
  { headers: Record<string, string>; body: Uint8Array | null } | { error: string };

/** Encrypts a batch; the answer has one entry per item, in order. */
export type PushEncryptor = (items: PushToEncrypt[]) => Promise<Encrypted[]>;

/** web-push's generateRequestDetails arguments for one message (also sent to a worker thread). */
export function requestArgs(p: PushToEncrypt) {
  return [
    { endpoint: p.endpoint, keys: { p256dh: p.p256dh, auth: p.auth } },
    p.payload,
    {
      TTL: p.ttl,
      urgency: p.urgency,
      topic: p.topic,
      headers: { Authorization: p.authorization },
    },
  ] as const;
}

/** What generateRequestDetails gave (here or in a worker thread), as the transport takes it. */
export function finish(
  raw: { headers: Record<string, unknown>; body: Uint8Array | null } | { error: string },
): Encrypted {
  if ('error' in raw) return raw;
  const headers: Record<string, string> = {};
  // fetch sets the length from the body itself
  for (const [k, v] of Object.entries(raw.headers))
    if (k.toLowerCase() !== 'content-length') headers[k] = String(v);
  return { headers, body: raw.body ?? null };
}

function encryptOne(p: PushToEncrypt): Encrypted {
  try {
    const details = webpush.generateRequestDetails(...requestArgs(p));
    return finish({
      headers: details.headers as Record<string, unknown>,
      body: details.body as Uint8Array | null,
    });
  } catch (e) {
    return { error: String((e as Error).message ?? e).slice(0, 200) };
  }
}

/** On the calling thread: Workers, tests, and Node's fallback. */
export const encryptInProcess: PushEncryptor = async (items) => items.map(encryptOne);
