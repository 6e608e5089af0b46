import type { Lang } from '../i18n/index.js';
import type { Params, Template } from '../mail/template-types.js';

/** The text as typed, one paragraph per blank line (the HTML escapes it). */
const paragraphsOf = (p: Params) =>
  String(p.body)
    .split(/\n\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A territory's news item to the members of the organisations of its area. */
export const TERRITORY_TEMPLATES: Record<string, Record<Lang, Template>> = {
  territory_news: {
    fr: (p, l) => ({
      subject: `${p.territory} : ${p.title}`,
      paragraphs: [
        'Bonjour,',
        `${p.territory} écrit aux structures de son territoire :`,
        ...paragraphsOf(p),
      ],
      action: { label: 'Ouvrir Surplus Link', url: l.home },
      footer:
        'Vous recevez ce message car votre structure est dans la zone de ce territoire. Choisissez comment être prévenu dans votre compte, rubrique Notifications.',
      text: '',
      sms: `Surplus Link : ${p.territory} : ${p.title}`,
    }),
    en: (p, l) => ({
      subject: `${p.territory}: ${p.title}`,
      paragraphs: [
        'Hello,',
        `${p.territory} writes to the organisations of its area:`,
        ...paragraphsOf(p),
      ],
      action: { label: 'Open Surplus Link', url: l.home },
      footer:
        'You get this message as your organisation is in this territory’s area. Choose how you are told in your account, under Notifications.',
      text: '',
      sms: `Surplus Link: ${p.territory}: ${p.title}`,
    }),
  },
};
