import { ACCOUNT_TEMPLATES } from '../accounts/mail-templates.js';
import { ORGANISATION_TEMPLATES } from '../organisations/mail-templates.js';
import type { Lang } from '../i18n/index.js';
import { receiptTemplates } from '../receipts/mail-templates.js';
import { SCHEDULED_TEMPLATES } from '../notifications/scheduled/mail-templates.js';
import { SHOP_TEMPLATES } from '../donations/mail-templates.js';
import { ALERT_TEMPLATES } from '../notifications/mail-templates.js';
import { ARRANGEMENT_TEMPLATES } from '../series/mail-templates.js';
import { TERRITORY_TEMPLATES } from '../territories/mail-templates.js';
import { CONVENTION_TEMPLATES } from '../conventions/mail-templates.js';
// the types live apart so that a feature's template file imports them without an import circle
import type { Params, Rendered, Template } from './template-types.js';
export type { Params, Rendered, Template } from './template-types.js';

/**
 * The messages' words, French first and English second. Each template writes its text once; the
 * HTML is made from the same paragraphs (escaped), so the two never say different things.
 */
const CORE_TEMPLATES: Record<string, Record<Lang, Template>> = {
  password_reset: {
    fr: (_p, l) => ({
      subject: 'Choisir un nouveau mot de passe',
      paragraphs: [
        'Bonjour,',
        'Quelqu’un (vous, sans doute) a demandé à choisir un nouveau mot de passe pour votre compte Surplus Link.',
        'Ce lien est valable une heure et ne sert qu’une fois. Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.',
      ],
      action: { label: 'Choisir un nouveau mot de passe', url: l.reset },
      text: '',
      sms: `Surplus Link : nouveau mot de passe : ${l.reset}`,
    }),
    en: (_p, l) => ({
      subject: 'Choose a new password',
      paragraphs: [
        'Hello,',
        'Someone (you, most likely) asked to choose a new password for your Surplus Link account.',
        'This link works for one hour, once. If you asked for nothing, ignore this message: your password does not change.',
      ],
      action: { label: 'Choose a new password', url: l.reset },
      text: '',
      sms: `Surplus Link: new password: ${l.reset}`,
    }),
  },
  donation_claimed: {
    fr: (p, l) => ({
      subject: `${p.driver} vient chercher votre don`,
      paragraphs: [
        'Bonjour,',
        `${p.driver} (${p.association}) a réservé votre don « ${p.description} » (${p.kg} kg) le ${p.claimedAt}.`,
        `À collecter entre ${p.from} et ${p.until}. Le code de remise est affiché sur la page du don.`,
      ],
      action: { label: 'Voir le don', url: l.donation },
      footer: 'Vous recevez ce message car vous êtes membre de ce commerce.',
      text: '',
      sms: `Surplus Link : ${p.driver} (${p.association}) vient chercher « ${p.description} » entre ${p.from} et ${p.until}.`,
    }),
    en: (p, l) => ({
      subject: `${p.driver} is coming for your donation`,
      paragraphs: [
        'Hello,',
        `${p.driver} (${p.association}) claimed your donation "${p.description}" (${p.kg} kg) on ${p.claimedAt}.`,
        `Pickup between ${p.from} and ${p.until}. The handover code is on the donation's page.`,
      ],
      action: { label: 'See the donation', url: l.donation },
      footer: 'You get this message as a member of this shop.',
      text: '',
      sms: `Surplus Link: ${p.driver} (${p.association}) is coming for "${p.description}" between ${p.from} and ${p.until}.`,
    }),
  },
};

/**
 * Every message the site sends. A feature with messages of its own keeps them in its own file
 * (a `Record<string, Record<Lang, Template>>`) and adds it here with one line.
 */
const TEMPLATES: Record<string, Record<Lang, Template>> = {
  ...CORE_TEMPLATES,
  ...ACCOUNT_TEMPLATES,
  ...ORGANISATION_TEMPLATES,
  ...receiptTemplates,
  ...SCHEDULED_TEMPLATES,
  ...ALERT_TEMPLATES,
  ...SHOP_TEMPLATES,
  ...ARRANGEMENT_TEMPLATES,
  ...TERRITORY_TEMPLATES,
  ...CONVENTION_TEMPLATES,
};

const UNSUBSCRIBE: Record<Lang, string> = {
  fr: 'Ne plus recevoir ces messages',
  en: 'Stop these messages',
};

export function hasTemplate(name: string) {
  return Object.hasOwn(TEMPLATES, name);
}

/** French puts a space before a colon. */
const colon = (lang: Lang) => (lang === 'fr' ? '\u00a0:' : ':');

function escapeHtml(s: string) {
  return String(s)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** One message in the recipient's language; `unsubscribe`: the one-click URL of a non-essential one. */
export function render(
  name: string,
  lang: Lang,
  params: Params,
  links: Record<string, string>,
  unsubscribe?: string,
): Rendered {
  const tpl = TEMPLATES[name]?.[lang];
  if (!tpl) throw new Error(`no mail template ${name}`);
  const m = tpl(params, links);
  if (m.action && !m.action.url) delete m.action; // a message sent without its link (an SMS)
  const text = [
    ...m.paragraphs,
    ...(m.action ? [`${m.action.label}${colon(lang)} ${m.action.url}`] : []),
    ...(m.footer ? [`-- \n${m.footer}`] : []),
    ...(unsubscribe ? [`${UNSUBSCRIBE[lang]}${colon(lang)} ${unsubscribe}`] : []),
  ].join('\n\n');
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(m.subject)}</title></head><body style="font-family:sans-serif;line-height:1.5;max-width:36em">${m.paragraphs
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('')}${
    // a donation's photo, where the message is about one that has it (src/donations/photos.ts)
    links.photo
      ? `<p><img src="${escapeHtml(links.photo)}" alt="" width="160" style="max-width:100%;height:auto;border-radius:4px"></p>`
      : ''
  }${
    m.action
      ? `<p><a href="${escapeHtml(m.action.url)}" style="display:inline-block;padding:.6em 1em;background:#1d6b3a;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(m.action.label)}</a></p><p style="font-size:.9em;color:#555">${escapeHtml(m.action.url)}</p>`
      : ''
  }${m.footer ? `<hr><p style="font-size:.9em;color:#555">${escapeHtml(m.footer)}</p>` : ''}${
    unsubscribe
      ? `<p style="font-size:.9em"><a href="${escapeHtml(unsubscribe)}">${escapeHtml(UNSUBSCRIBE[lang])}</a></p>`
      : ''
  }</body></html>`;
  return { subject: m.subject, text, html, sms: m.sms.slice(0, 480) };
}
