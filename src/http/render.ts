import { readForm } from './middleware.js';
import type { Context } from 'hono';
import type { ViewCtx } from '../../views/context.js';
import type { AnyEnv } from './env.js';

export function viewCtx<E extends AnyEnv>(c: Context<E>): ViewCtx {
  return { lang: c.get('lang'), actor: c.get('actor'), csrf: c.get('csrf'), path: c.req.path };
}

/** Form bodies as plain records; repeated fields (checkboxes) become arrays. */
export async function formBody(c: Context): Promise<Record<string, string | string[]>> {
  const body = await readForm(c);
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    else if (typeof v === 'string') out[k] = v;
  }
  return out;
}
