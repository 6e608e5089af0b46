import type { createApp } from '../../src/app.js';
import { openApiDocument } from '../../src/openapi.js';
import type { Client } from '../helpers/app.js';
import type { Actor } from './fuzz-parties.js';
import { asForm, kindOfSchema, validForm, type Kind } from './fuzz-values.js';

/**
 * What the route fuzz learns of the app: its routes (from `app.routes`, so that a new route is
 * fuzzed without touching the fuzz), the fields of the API's from the OpenAPI document, and those
 * of the pages' from the forms the pages render.
 */

type App = ReturnType<typeof createApp>;
type Route = App['routes'][number];

export interface PageForm {
  action: string;
  method: string;
  fields: Record<string, string>;
}

/** Every route once, but the catch-alls. */
export const appRoutes = (app: App): Route[] => [
  ...new Map(
    app.routes
      .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
      .map((r) => [`${r.method} ${r.path}`, r] as const),
  ).values(),
];

const pattern = (path: string) => new RegExp(`^${path.replace(/:[a-zA-Z]+/g, '[^/?]+')}(\\?.*)?$`);

/**
 * The forms of every page as each actor sees it: field names and default values, by the route
 * they post to.
 */
export async function scrapeForms(
  routes: Route[],
  browser: (who: Actor) => Promise<Client>,
  realId: (path: string) => Promise<Record<string, string>>,
): Promise<PageForm[]> {
  const forms: PageForm[] = [];
  for (const r of routes.filter((r) => r.method === 'GET' && !r.path.startsWith('/api/'))) {
    if (r.path === '/events') continue;
    for (const who of ['admin', 'shop', 'association', 'po', 'anonymous'] as Actor[]) {
      const ids = await realId(r.path);
      // signed out, with somewhere to go next: the sign-in forms then carry it
      const url =
        r.path.replace(/:([a-zA-Z]+)/g, (_, k) => ids[k] ?? '1') +
        (who === 'anonymous' ? '?next=%2Fdonations' : '');
      const res = await (await browser(who)).get(url);
      if (!res.headers.get('content-type')?.includes('html')) continue;
      const html = await res.text();
      for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
        const action = /action="([^"]*)"/.exec(m[1])?.[1] ?? /hx-post="([^"]*)"/.exec(m[1])?.[1];
        if (!action) continue;
        const fields: Record<string, string> = {};
        for (const f of m[2].matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
          const name = /name="([^"]+)"/.exec(f[2])?.[1];
          if (!name || name === '_csrf' || name in fields) continue;
          const select = m[2].slice(f.index, m[2].indexOf('</select>', f.index));
          fields[name] =
            f[1] === 'select'
              ? (/<option[^>]*value="([^"]+)"/.exec(select)?.[1] ?? '')
              : (/value="([^"]*)"/.exec(f[2])?.[1] ?? '');
        }
        forms.push({ action, method: /method="get"/i.test(m[1]) ? 'GET' : 'POST', fields });
      }
    }
  }
  return forms;
}

/** The fields the forms send to a route, each with its default or else a valid value. */
export const formFields = (
  forms: PageForm[],
  method: string,
  path: string,
  associationId: number,
) => {
  const re = pattern(path);
  const out: Record<string, string> = {};
  for (const f of forms)
    if (f.method === method && re.test(f.action.replaceAll('&amp;', '&')))
      for (const [k, v] of Object.entries(f.fields))
        out[k] ||= v || validForm[k] || asForm(path, k, associationId);
  return out;
};

const apiDoc = openApiDocument as any;
const deref = (s: any): any =>
  s?.$ref ? deref(apiDoc.components.schemas[s.$ref.split('/').pop()]) : s;

/** An API route's body fields, with what each holds, and its query keys, from the OpenAPI document. */
export const apiFields = (method: string, path: string) => {
  const op =
    apiDoc.paths[path.replace(/^\/api\/v1/, '').replace(/:([a-zA-Z]+)/g, '{$1}')]?.[
      method.toLowerCase()
    ];
  const body = deref(op?.requestBody?.content?.['application/json']?.schema);
  const query = (op?.parameters ?? []).map(deref).filter((p: any) => p.in === 'query');
  return {
    body: Object.entries<any>(body?.properties ?? {}).map(
      ([k, v]) => [k, kindOfSchema(deref(v), k)] as [string, Kind],
    ),
    query: query.map((p: any) => p.name as string),
  };
};
