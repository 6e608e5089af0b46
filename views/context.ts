import type { Actor } from '../src/accounts/actor.js';
import { count } from '../src/i18n/format.js';
import { t, type Lang } from '../src/i18n/index.js';

/** What every page needs to render: language, who is signed in, the CSRF token, the path. */
export interface ViewCtx {
  lang: Lang;
  actor: Actor | null;
  csrf: string;
  path: string;
}

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, unknown>;

export const tr = (ctx: ViewCtx, key: string, vars?: Record<string, string | number>) =>
  t(ctx.lang, key, vars);

/**
 * A counted noun of the catalogue, by count() of src/i18n/format.ts: `key.one` and `key` are the
 * noun for one and for more ("1 structure", "3 structures"; French 0 is one).
 */
export const trCount = (ctx: ViewCtx, n: number, key: string) =>
  count(ctx.lang, n, tr(ctx, `${key}.one`), tr(ctx, key));
