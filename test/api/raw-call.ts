import { strictApp } from './strict-app.js';

type App = ReturnType<typeof strictApp>['app'];

/** A raw API call; its X-Forwarded-For counts only in an app that trusts a proxy (TRUST_PROXY). */
export async function raw(
  app: App,
  method: string,
  path: string,
  opts: { body?: string; token?: string; ip?: string; type?: string } = {},
) {
  const headers: Record<string, string> = {
    'content-type': opts.type ?? 'application/json',
    'x-forwarded-for': opts.ip ?? '198.51.100.1',
  };
  if (opts.token !== undefined) headers.authorization = opts.token;
  const res = await app.request(`http://localhost/api/v1${path}`, {
    method,
    headers,
    body: opts.body,
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, type: res.headers.get('content-type') };
}

let ipSeq = 0;
/** An address not used before in this test file, so that the sign-in throttle starts from zero. */
export const freshIp = () => `203.0.113.${++ipSeq}`;
