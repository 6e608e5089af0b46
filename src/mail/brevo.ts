import {
  base64Of,
  parseFrom,
  type MailTransport,
  type SendOutcome,
  type SmsTransport,
} from './transport.js';

export const BREVO_API_URL = 'https://api.brevo.com';

/** What Brevo answers, as an outcome: 2xx sent; 400 the address or number refused; else later. */
async function outcome(res: Response): Promise<SendOutcome> {
  const body = await res.text().catch(() => '');
  if (res.ok) return { kind: 'sent' };
  let detail = body.slice(0, 200);
  try {
    const json = JSON.parse(body) as { code?: string; message?: string };
    detail = `${json.code ?? ''} ${json.message ?? ''}`.trim().slice(0, 200);
  } catch {
    // not JSON: keep the text
  }
  const error = `Brevo HTTP ${res.status}${detail ? `: ${detail}` : ''}`;
  if (res.status === 400) return { kind: 'permanent', error };
  const retryAfter = Number(res.headers.get('retry-after'));
  return {
    kind: 'retry',
    error,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterS: retryAfter } : {}),
  };
}

async function post(url: string, apiKey: string, body: unknown, timeoutMs: number) {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'api-key': apiKey,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return await outcome(res);
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return {
      kind: 'retry',
      error: `${err.name}: ${err.cause?.code ?? err.message}`.slice(0, 200),
    } as const;
  }
}

/**
 * Brevo's transactional e-mail API (POST /v3/smtp/email, `api-key` header): fetch only, so the
 * same code sends from Node and from the Workers cron. `baseUrl`: a local server in tests.
 */
export function brevoMailTransport(opts: {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
}): MailTransport {
  const url = `${(opts.baseUrl ?? BREVO_API_URL).replace(/\/+$/, '')}/v3/smtp/email`;
  return {
    name: 'brevo',
    send: (m) =>
      post(
        url,
        opts.apiKey,
        {
          sender: parseFrom(m.from),
          to: [{ email: m.to }],
          subject: m.subject,
          htmlContent: m.html,
          textContent: m.text,
          ...(Object.keys(m.headers).length ? { headers: m.headers } : {}),
          ...(m.attachments?.length
            ? {
                attachment: m.attachments.map((a) => ({
                  name: a.filename,
                  content: base64Of(a.content),
                })),
              }
            : {}),
        },
        opts.timeoutMs ?? 10_000,
      ),
  };
}

/**
 * Brevo's transactional SMS (POST /v3/transactionalSMS/send, which replaced /transactionalSMS/sms):
 * `recipient` is the number with its country code and no +; `sender` at most 11 letters or digits.
 */
export function brevoSmsTransport(opts: {
  apiKey: string;
  sender?: string;
  baseUrl?: string;
  timeoutMs?: number;
}): SmsTransport {
  const url = `${(opts.baseUrl ?? BREVO_API_URL).replace(/\/+$/, '')}/v3/transactionalSMS/send`;
  return {
    name: 'brevo',
    send: (s) =>
      post(
        url,
        opts.apiKey,
        {
          sender: (opts.sender ?? 'SurplusLink').slice(0, 11),
          recipient: s.to.replace(/^\+/, ''),
          content: s.text,
          type: 'transactional',
        },
        opts.timeoutMs ?? 10_000,
      ),
  };
}
