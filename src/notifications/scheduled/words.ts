import { count, formatNumber as formatAny } from '../../i18n/format.js';
import type { Lang } from '../../i18n/index.js';

/** Numbers and dates in the messages, written the way each language writes them. */
const locale = (lang: Lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

export const formatNumber = (lang: Lang, n: number, digits = 1) => formatAny(lang, n, digits);

/** '2026-10-25' -> 'dimanche 25 octobre' / 'Sunday 25 October'. */
export function dayLabel(lang: Lang, isoDate: string | number) {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** '2026-11-03' -> '3 novembre' / '3 November'. */
export function shortDayLabel(lang: Lang, isoDate: string | number) {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
  }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** '2026-11' -> 'novembre 2026' / 'November 2026'. */
export function monthLabel(lang: Lang, ym: string | number) {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: 'UTC',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${ym}-01T00:00:00Z`));
}

/** French counts 0 and 1 in the singular, English 1 only (Intl.PluralRules). */
export const plural = count;

/**
 * A mail template as src/mail/templates.ts reads it (its `Template`, written out here so that
 * the list of templates and these files do not import each other).
 */
export type MailParams = Record<string, string | number>;
export type MailTemplate = (
  p: MailParams,
  links: Record<string, string>,
) => {
  subject: string;
  text: string;
  sms: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string;
};
