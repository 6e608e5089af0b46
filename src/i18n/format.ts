/**
 * Numbers, units and counted nouns in the page's language: the one place that writes them, for
 * views, mails, notifications and PDFs. French "6,5 kg", "0,7 km", "9,5 °C", "12,50 €",
 * "12,5 %", "1 240"; English "6.5 kg", "0.7 km", "9.5 °C", "€12.50", "12.5%", "1,240".
 * Units are joined with a plain space (both languages write "6.5 kg"); the number is always
 * Intl.NumberFormat's. Missing values read "—".
 */
// The languages of src/i18n/index.ts (written out so that the two files do not import each other).
type Lang = 'fr' | 'en';

export const LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

type Num = number | string | null | undefined;
const DASH = '—';

const cache = new Map<string, Intl.NumberFormat>();
function formatter(lang: Lang, options: Intl.NumberFormatOptions) {
  const key = `${lang}:${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(LOCALES[lang], options)));
  return f;
}

/** Numbers come from SQL as strings sometimes (numeric columns): read them, or give up. */
function value(n: Num): number | null {
  if (n == null || n === '') return null;
  const v = Number(n);
  return Number.isFinite(v) ? v : null;
}

/** A plain number: "1 240,5" / "1,240.5"; `digits` is the most decimals shown. */
export function formatNumber(lang: Lang, n: Num, digits = 2): string {
  const v = value(n);
  return v == null ? DASH : formatter(lang, { maximumFractionDigits: digits }).format(v);
}

const withUnit = (lang: Lang, n: Num, digits: number, unit: string) => {
  const v = value(n);
  return v == null ? DASH : `${formatNumber(lang, v, digits)} ${unit}`;
};

/** "6,5 kg" / "6.5 kg" (up to 2 decimals). */
export const formatKg = (lang: Lang, n: Num, digits = 2) => withUnit(lang, n, digits, 'kg');
/** "0,7 km" / "0.7 km": one decimal under 10 km, none from 10 ("12 km"). */
export const formatKm = (lang: Lang, n: Num) =>
  withUnit(lang, n, Math.abs(Number(n)) < 10 ? 1 : 0, 'km');
/** "9,5 °C" / "9.5 °C" (one decimal). */
export const formatCelsius = (lang: Lang, n: Num, digits = 1) => withUnit(lang, n, digits, '°C');

/** "12,50 €" / "€12.50". */
export function formatEur(lang: Lang, n: Num): string {
  const v = value(n);
  return v == null ? DASH : formatter(lang, { style: 'currency', currency: 'EUR' }).format(v);
}

/** A share given as a fraction (0.125): "12,5 %" / "12.5%". */
export function formatPercent(lang: Lang, fraction: Num, digits = 1): string {
  const v = value(fraction);
  return v == null
    ? DASH
    : formatter(lang, { style: 'percent', maximumFractionDigits: digits }).format(v);
}

const PLURAL_RULES: Record<Lang, Intl.PluralRules> = {
  fr: new Intl.PluralRules(LOCALES.fr),
  en: new Intl.PluralRules(LOCALES.en),
};

/** The plural category of n: French 0 and 1 are "one", English 1 only; the rest "other". */
export const pluralCategory = (lang: Lang, n: number): 'one' | 'other' =>
  PLURAL_RULES[lang].select(n) === 'one' ? 'one' : 'other';

/** A counted noun: count('en', 1, 'donation', 'donations') is "1 donation"; 1240 "1,240 donations". */
export function count(lang: Lang, n: number | string, one: string, other: string) {
  const whole = Math.round(Number(n)); // a count is whole: the noun agrees with what is shown
  return `${formatNumber(lang, whole, 0)} ${pluralCategory(lang, whole) === 'one' ? one : other}`;
}

/**
 * A number as t() writes it into a sentence: grouped only from 10 000 ("2026" stays a year, "12 500"
 * is grouped), up to 2 decimals in the language's way.
 */
export const sentenceNumber = (lang: Lang, n: number) =>
  formatter(lang, { maximumFractionDigits: 2, useGrouping: 'min2' }).format(n);

const DAY_FORMATS: Record<Lang, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat(LOCALES.fr, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }),
  en: new Intl.DateTimeFormat(LOCALES.en, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }),
};

/**
 * A calendar day stored as 'YYYY-MM-DD' (a product's date, a series' end, a holiday), as people
 * read it: "31 mars 2027" / "31 March 2027". Missing: "—"; anything not such a day as it is.
 */
export function formatDay(lang: Lang, iso: string | null | undefined): string {
  if (iso == null || iso === '') return DASH;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return Number.isNaN(d.getTime()) ? iso : DAY_FORMATS[lang].format(d);
}

/**
 * A number put back into a form's text field (inputmode=decimal): "3,5" in French, "3.5" in
 * English, never grouped ("1240,5"), so that what is shown is what the server reads back.
 */
export function inputNumber(lang: Lang, n: number): string {
  return Number.isFinite(n)
    ? formatter(lang, { maximumFractionDigits: 10, useGrouping: false }).format(n)
    : '';
}

/** Between a label and its value: "Total : 12 €" in French, "Total: €12" in English. */
export const colon = (lang: Lang) => (lang === 'fr' ? ' : ' : ': ');
