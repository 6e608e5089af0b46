import { count } from '../i18n/format.js';
import type { Lang } from '../i18n/index.js';
import type { Params, Template } from '../mail/template-types.js';
import { parisDate, parisTime } from '../shared/time.js';

const FOOTER: Record<Lang, string> = {
  fr: 'Vous recevez ce message car vous êtes membre de cette association. Choisissez comment être prévenu dans votre compte, rubrique Notifications.',
  en: 'You get this message as a member of this association. Choose how you are told in your account, under Notifications.',
};

const when = (p: Params) => {
  const d = new Date(String(p.deadline));
  return { day: parisDate(d), time: parisTime(d) };
};

/** A standing arrangement's association is told of the dates it is asked to confirm. */
export const ARRANGEMENT_TEMPLATES: Record<string, Record<Lang, Template>> = {
  arrangement_offers: {
    fr: (p, l) => ({
      subject:
        Number(p.count) === 1
          ? `${p.shop} : une date à confirmer`
          : `${p.shop} : ${p.count} dates à confirmer`,
      paragraphs: [
        'Bonjour,',
        `${p.shop} vous réserve en priorité son don régulier du ${p.first}${Number(p.count) > 1 ? ` et ${count('fr', Number(p.count) - 1, 'autre date', 'autres dates')}` : ''}.`,
        `Confirmez ou déclinez avant le ${when(p).day} à ${when(p).time} ; sans réponse, le don est proposé aux autres associations.`,
      ],
      action: { label: 'Confirmer les dates', url: l.arrangements },
      footer: FOOTER.fr,
      text: '',
      sms: `Surplus Link : ${p.shop}, ${count('fr', Number(p.count), 'date', 'dates')} à confirmer avant le ${when(p).day} ${when(p).time}.`,
    }),
    en: (p, l) => ({
      subject:
        Number(p.count) === 1
          ? `${p.shop}: one date to confirm`
          : `${p.shop}: ${p.count} dates to confirm`,
      paragraphs: [
        'Hello,',
        `${p.shop} offers you first its regular donation of ${p.first}${Number(p.count) > 1 ? ` and ${count('en', Number(p.count) - 1, 'more date', 'more dates')}` : ''}.`,
        `Confirm or decline before ${when(p).day} at ${when(p).time}; without an answer, it is offered to the other associations.`,
      ],
      action: { label: 'Confirm the dates', url: l.arrangements },
      footer: FOOTER.en,
      text: '',
      sms: `Surplus Link: ${p.shop}, ${count('en', Number(p.count), 'date', 'dates')} to confirm before ${when(p).day} ${when(p).time}.`,
    }),
  },
};
