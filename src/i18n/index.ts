import { accountMessages } from '../accounts/messages.js';
import { calendarMessages } from '../calendar/messages.js';
import { conventionMessages } from '../conventions/messages.js';
import { directoryMessages } from '../directory/messages.js';
import { donationMessages } from '../donations/messages.js';
import { hubMessages } from '../hubs/messages.js';
import { mapMessages } from '../maps/messages.js';
import { mailMessages } from '../mail/messages.js';
import { notificationMessages } from '../notifications/messages.js';
import { organisationMessages } from '../organisations/messages.js';
import { placeMessages } from '../places/messages.js';
import { pwaMessages } from '../pwa/messages.js';
import { qualityMessages, recordMessages } from '../quality/messages.js';
import { receiptMessages } from '../receipts/messages.js';
import { roundMessages } from '../rounds/messages.js';
import { seriesMessages } from '../series/messages.js';
import { statsMessages } from '../stats/messages.js';
import { territoryMessages } from '../territories/messages.js';
import { withdrawalMessages } from '../withdrawals/messages.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { pluralCategory, sentenceNumber } from './format.js';

export type Lang = 'fr' | 'en';
export const LANGS: Lang[] = ['fr', 'en'];
export type Messages = typeof fr;

/** A feature's words, in each language, keyed like the common ones. */
export type WordTable = Record<Lang, Record<string, string>>;

/**
 * Every word the app says: the common ones, then each feature's, kept next to its code. The list
 * is the whole set (no module adds words by being imported); no two tables word a key differently.
 */
const WORD_TABLES: WordTable[] = [
  { fr, en },
  accountMessages,
  organisationMessages,
  placeMessages,
  notificationMessages,
  donationMessages,
  withdrawalMessages,
  statsMessages,
  qualityMessages,
  recordMessages,
  receiptMessages,
  mapMessages,
  mailMessages,
  calendarMessages,
  pwaMessages,
  seriesMessages,
  conventionMessages,
  hubMessages,
  territoryMessages,
  directoryMessages,
  roundMessages,
];

const dictionaries: Record<Lang, Record<string, string>> = {
  fr: Object.assign({}, ...WORD_TABLES.map((table) => table.fr)),
  en: Object.assign({}, ...WORD_TABLES.map((table) => table.en)),
};

/** Every key and its words in one language (tests read it to keep the words consistent). */
export const catalogue = (lang: Lang): Readonly<Record<string, string>> => dictionaries[lang];

/** Vars written as they are, numbers or not: a donation's number, a year. */
const VERBATIM = new Set(['id', 'year']);

/**
 * Translate a key; unknown keys are returned as they are (already a sentence). With a number `n`,
 * the key's plural form for the language (`key.one`, `key.other` by Intl.PluralRules) is used
 * when the table has it: `{n} dons` / `receipts.donations.one` `{n} don` (French 0 and 1 are one).
 * Number vars are written in the language's way ("6,5" / "6.5"; "12 500" / "12,500").
 */
export function t(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  const form =
    typeof vars?.n === 'number'
      ? dictionaries[lang][`${key}.${pluralCategory(lang, vars.n)}`]
      : undefined;
  let s = form ?? dictionaries[lang][key] ?? dictionaries.fr[key] ?? key;
  if (vars)
    for (const [k, v] of Object.entries(vars))
      s = s.replaceAll(
        `{${k}}`,
        typeof v === 'number' && !VERBATIM.has(k) ? sentenceNumber(lang, v) : String(v),
      );
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

/** Each field's message in `lang`, with the error's words (API messages are in English). */
export function translateFields(
  lang: Lang,
  fields: Record<string, string>,
  vars?: Record<string, string | number>,
) {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(lang, v, vars)]));
}
