import type { Actor } from '../src/accounts/actor.js';
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
