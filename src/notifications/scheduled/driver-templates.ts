import type { Lang } from '../../i18n/index.js';
import {
  dayLabel,
  plural,
  type MailParams as Params,
  type MailTemplate as Template,
} from './words.js';

/** The items of the evening list, from params `time0`, `shop0`, `address0`, `what0`, ... */
function items(p: Params) {
  const n = Number(p.n);
  return Array.from({ length: n }, (_, i) => ({
    time: String(p[`time${i}`]),
    shop: String(p[`shop${i}`]),
    address: String(p[`address${i}`] ?? ''),
    what: String(p[`what${i}`]),
  }));
}

const place = (shop: string, address: string) => (address ? `${shop}, ${address}` : shop);

function tomorrowList(lang: Lang, p: Params, l: Record<string, string>): ReturnType<Template> {
  const list = items(p);
  const fr = lang === 'fr';
  const count = plural(lang, list.length, fr ? 'collecte' : 'pickup', fr ? 'collectes' : 'pickups');
  const first = list[0];
  return {
    subject: fr ? `Demain matin : ${count}` : `Tomorrow morning: ${count}`,
    paragraphs: [
      fr ? 'Bonjour,' : 'Hello,',
      fr
        ? `Vos collectes réservées pour demain matin, ${dayLabel(lang, p.date)} :`
        : `Your pickups claimed for tomorrow morning, ${dayLabel(lang, p.date)}:`,
      ...list.map((i) => `${i.time} — ${place(i.shop, i.address)}${fr ? ' :' : ':'} ${i.what}`),
      fr
        ? 'Le code de remise de chaque don est sur sa page. Si vous ne pouvez plus y aller, libérez le don pour qu’une autre association le prenne.'
        : 'Each donation’s handover code is on its page. If you can no longer go, release the donation so that another association can take it.',
    ],
    action: { label: fr ? 'Voir mes dons' : 'See my donations', url: l.list },
    footer: fr
      ? 'Vous recevez ce message car vous avez réservé ces dons.'
      : 'You get this message because you claimed these donations.',
    text: '',
    sms: fr
      ? `Surplus Link : demain matin, ${count}${first ? ` (dès ${first.time}, ${first.shop})` : ''}.`
      : `Surplus Link: tomorrow morning, ${count}${first ? ` (from ${first.time}, ${first.shop})` : ''}.`,
  };
}

/** The reminder 30 minutes before the end of a claimed window, and the evening list. */
export const DRIVER_TEMPLATES: Record<string, Record<Lang, Template>> = {
  pickup_reminder: {
    fr: (p, l) => ({
      subject: `Rappel : collecte chez ${p.shop} avant ${p.until}`,
      paragraphs: [
        'Bonjour,',
        `Vous avez réservé « ${p.description} » (${p.kg} kg) chez ${place(String(p.shop), String(p.address))}. Le créneau se termine à ${p.until} et le don n’est pas encore collecté.`,
        'Si vous ne pouvez pas y aller, libérez-le depuis sa page pour qu’une autre association le prenne.',
      ],
      action: { label: 'Voir le don', url: l.donation },
      footer: 'Vous recevez ce message car vous avez réservé ce don.',
      text: '',
      sms: `Surplus Link : collecte chez ${p.shop} avant ${p.until} (« ${p.description} »).`,
    }),
    en: (p, l) => ({
      subject: `Reminder: pickup at ${p.shop} before ${p.until}`,
      paragraphs: [
        'Hello,',
        `You claimed "${p.description}" (${p.kg} kg) at ${place(String(p.shop), String(p.address))}. The window ends at ${p.until} and the donation has not been picked up yet.`,
        'If you cannot go, release it from its page so that another association can take it.',
      ],
      action: { label: 'See the donation', url: l.donation },
      footer: 'You get this message because you claimed this donation.',
      text: '',
      sms: `Surplus Link: pickup at ${p.shop} before ${p.until} ("${p.description}").`,
    }),
  },
  pickups_tomorrow: {
    fr: (p, l) => tomorrowList('fr', p, l),
    en: (p, l) => tomorrowList('en', p, l),
  },
};
