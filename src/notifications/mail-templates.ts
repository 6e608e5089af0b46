import { formatKg, formatKm } from '../i18n/format.js';
import { t, type Lang } from '../i18n/index.js';
import type { Params, Template } from '../mail/template-types.js';
import { formatDateTime } from '../shared/time.js';

/**
 * The alert of a donation to association members by e-mail or SMS (src/notifications/alerts.ts).
 * Params are the same in every language (`category` a code, `until` an ISO instant, figures as
 * numbers): the words are chosen when the message is sent, in the recipient's language.
 */

function words(lang: Lang, p: Params) {
  return {
    what: t(lang, `cat.${p.category}`),
    kg: formatKg(lang, p.kg),
    km: formatKm(lang, p.km),
    until: formatDateTime(new Date(String(p.until)), lang),
  };
}

/** A partner told through a relay hub: it claims the food "via the hub", which keeps it cold. */
const VIA_HUB: Record<Lang, (hub: string) => string> = {
  fr: (hub) =>
    `Votre association n’a pas de quoi le garder au froid, mais votre relais froid ${hub} peut le garder pour vous : réservez-le « via le relais » depuis la page du don.`,
  en: (hub) =>
    `Your association cannot keep it cold, but your relay hub ${hub} can keep it for you: claim it "via the hub" from the donation’s page.`,
};
const viaHub = (lang: Lang, p: Params) => (p.hub ? [VIA_HUB[lang](String(p.hub))] : []);
const hubPrefix = (lang: Lang, p: Params) =>
  p.hub ? `${t(lang, 'hub.via', { hub: String(p.hub) })} · ` : '';

const FOOTER: Record<Lang, string> = {
  fr: 'Vous recevez ce message car vous êtes membre d’une association proche. Choisissez comment être prévenu (notifications, e-mail, SMS) et vos heures calmes dans votre compte, rubrique Notifications.',
  en: 'You get this message as a member of an association nearby. Choose how you are told (notifications, e-mail, SMS) and your quiet hours in your account, under Notifications.',
};

export const ALERT_TEMPLATES: Record<string, Record<Lang, Template>> = {
  donation_alert: {
    fr: (p, l) => {
      const w = words('fr', p);
      return {
        subject: `${hubPrefix('fr', p)}Don à ${w.km} : ${w.what}, ${w.kg}`,
        paragraphs: [
          'Bonjour,',
          `${p.shop} propose un don qui convient à votre association, à ${w.km} : « ${p.description} », ${w.kg}, à collecter avant ${w.until}.`,
          ...viaHub('fr', p),
          'La première association qui le réserve vient le chercher : réservez-le depuis la page du don.',
        ],
        action: { label: 'Voir le don', url: l.donation },
        footer: FOOTER.fr,
        text: '',
        sms: `Surplus Link : ${hubPrefix('fr', p)}don à ${w.km}, ${w.what} ${w.kg}, avant ${w.until}. ${l.donation ?? ''}`.trim(),
      };
    },
    en: (p, l) => {
      const w = words('en', p);
      return {
        subject: `${hubPrefix('en', p)}Donation ${w.km} away: ${w.what}, ${w.kg}`,
        paragraphs: [
          'Hello,',
          `${p.shop} offers a donation that fits your association, ${w.km} away: "${p.description}", ${w.kg}, to pick up before ${w.until}.`,
          ...viaHub('en', p),
          'The first association to claim it collects it: claim it from the donation’s page.',
        ],
        action: { label: 'See the donation', url: l.donation },
        footer: FOOTER.en,
        text: '',
        sms: `Surplus Link: ${hubPrefix('en', p)}donation ${w.km} away, ${w.what} ${w.kg}, before ${w.until}. ${l.donation ?? ''}`.trim(),
      };
    },
  },
  donation_changed: {
    fr: (p, l) => {
      const w = words('fr', p);
      return {
        subject: `Don modifié : ${w.what}, ${w.kg}`,
        paragraphs: [
          'Bonjour,',
          `Le don « ${p.description} » de ${p.shop}, à ${w.km}, a changé : ${w.kg}, à collecter avant ${w.until}.`,
        ],
        action: { label: 'Voir le don', url: l.donation },
        footer: FOOTER.fr,
        text: '',
        sms: `Surplus Link : don modifié, ${w.what} ${w.kg}, avant ${w.until}. ${l.donation ?? ''}`.trim(),
      };
    },
    en: (p, l) => {
      const w = words('en', p);
      return {
        subject: `Donation changed: ${w.what}, ${w.kg}`,
        paragraphs: [
          'Hello,',
          `The donation "${p.description}" from ${p.shop}, ${w.km} away, changed: ${w.kg}, to pick up before ${w.until}.`,
        ],
        action: { label: 'See the donation', url: l.donation },
        footer: FOOTER.en,
        text: '',
        sms: `Surplus Link: donation changed, ${w.what} ${w.kg}, before ${w.until}. ${l.donation ?? ''}`.trim(),
      };
    },
  },
};
