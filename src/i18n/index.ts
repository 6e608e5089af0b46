import { fr } from './fr.js';
import { en } from './en.js';

export type Lang = 'fr' | 'en';
export const LANGS: Lang[] = ['fr', 'en'];
export type Messages = typeof fr;
const dictionaries: Record<Lang, Record<string, string>> = { fr, en };

/** Features keep their own words next to their code and add them here when imported. */
export function addMessages(messages: { fr: Record<string, string>; en: Record<string, string> }) {
  Object.assign(dictionaries.fr, messages.fr);
  Object.assign(dictionaries.en, messages.en);
}

/** Translate a key; unknown keys are returned as they are (already a sentence). */
export function t(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  let s = dictionaries[lang][key] ?? dictionaries.fr[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function pickLang(opts: {
  query?: string | null;
  cookie?: string | null;
  user?: string | null;
  acceptLanguage?: string | null;
}): Lang {
  for (const v of [opts.query, opts.cookie, opts.user]) if (v === 'fr' || v === 'en') return v;
  const al = (opts.acceptLanguage ?? '').toLowerCase();
  if (al.startsWith('en')) return 'en';
  return 'fr';
}

/** API messages are in English. */
export function translateFields(lang: Lang, fields: Record<string, string>) {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(lang, v)]));
}
