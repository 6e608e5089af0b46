import { formatCelsius, formatKg, formatNumber } from '../i18n/format.js';
import { t, type Lang } from '../i18n/index.js';
import type { Params, Template } from '../mail/template-types.js';
import type { ReachReason } from './reach.js';
import type { UnclaimedWhy } from './unclaimed-why.js';

/**
 * What the shop's staff are told of their donation after the claim (shop-news.ts): given back,
 * collected (or refused), and nobody took it. Params are the same in every language (codes and
 * numbers); the words are chosen when the message is sent, in the recipient's language.
 */
const num = (lang: Lang, n: string | number) => formatNumber(lang, n);

const FOOTER: Record<Lang, string> = {
  fr: 'Vous recevez ce message car vous êtes membre de ce commerce. Choisissez comment être prévenu dans votre compte, rubrique Notifications.',
  en: 'You get this message as a member of this shop. Choose how you are told in your account, under Notifications.',
};

/** One sentence for a reason of the matching (reach.ts): the donation's page and the mail say it. */
export function reachSentence(lang: Lang, r: ReachReason): string {
  const say = (key: string, n: number, vars: Record<string, string | number> = {}) =>
    t(lang, `${key}.${n === 1 ? 'one' : 'many'}`, { n, ...vars });
  switch (r.rule) {
    case 'none_approved':
      return [
        t(lang, 'don.reach.none_approved'),
        r.waiting ? say('don.reach.waiting', r.waiting) : '',
      ]
        .join(' ')
        .trim();
    case 'radius': {
      // none within reach: the nearest is said alone (not "1 association is too far")
      const km = formatNumber(lang, r.nearestKm, 1);
      return r.associations === 0
        ? t(lang, 'don.reach.radius.none', { km })
        : say('don.reach.radius', r.associations, { km });
    }
    case 'category':
      return say('don.reach.category', r.associations);
    case 'storage':
      return say(`don.reach.storage.${r.storage}`, r.associations);
    case 'min_kg':
      return say('don.reach.min_kg', r.atKg, { kg: formatKg(lang, r.kg) });
    case 'max_kg':
      return say('don.reach.max_kg', r.atKg, { kg: formatKg(lang, r.kg) });
    case 'same_day':
      return say('don.reach.same_day', r.associations);
  }
}

/** What unclaimed-why.ts found, one sentence each (none when it found nothing). */
function whyLines(lang: Lang, p: Params): string[] {
  let w: Partial<UnclaimedWhy> = {};
  try {
    w = JSON.parse(String(p.why || '{}')) as Partial<UnclaimedWhy>;
  } catch {
    // a message without its reasons still says how many were told
  }
  const fr = lang === 'fr';
  const n = (x: number) => num(lang, x);
  const lines: string[] = [];
  const released = w.released ?? [];
  if (released.length) {
    const why = [...new Set(released)].map((r) => t(lang, `don.release.${r}`)).join(', ');
    lines.push(
      fr
        ? `${released.length === 1 ? 'Une association l’a réservé puis rendu' : `Il a été réservé puis rendu ${n(released.length)} fois`} : ${why.toLowerCase()}.`
        : `${released.length === 1 ? 'One association claimed it, then gave it back' : `It was claimed and given back ${n(released.length)} times`}: ${why.toLowerCase()}.`,
    );
  }
  if (w.unreached)
    lines.push(
      fr
        ? `${w.unreached === 1 ? 'Une association prévenue n’a pu être jointe' : `${n(w.unreached)} associations prévenues n’ont pu être jointes`} à temps (heures calmes, ou personne pour recevoir l’alerte).`
        : `${w.unreached === 1 ? 'One association told could not be reached' : `${n(w.unreached)} associations told could not be reached`} in time (quiet hours, or nobody to get the alert).`,
    );
  if (w.later)
    lines.push(
      fr
        ? `${w.later === 1 ? 'Une autre association aurait été prévenue' : `${n(w.later)} autres associations auraient été prévenues`} ensuite, mais le créneau s’est terminé avant.`
        : `${w.later === 1 ? 'One more association would have been told' : `${n(w.later)} more associations would have been told`} next, but the window ended first.`,
    );
  if (w.closed)
    lines.push(
      fr
        ? `${w.closed === 1 ? 'Une association proche ne collecte pas' : `${n(w.closed)} associations proches ne collectent pas`} à ces jours et heures.`
        : `${w.closed === 1 ? 'One association nearby does not collect' : `${n(w.closed)} associations nearby do not collect`} on those days and hours.`,
    );
  for (const r of w.excluded ?? []) lines.push(reachSentence(lang, r));
  return lines;
}

function reasons(lang: Lang, p: Params): string[] {
  const told = Number(p.told);
  if (told > 0)
    return [
      lang === 'fr'
        ? `${told === 1 ? 'Une association a été prévenue' : `${num(lang, told)} associations ont été prévenues`}, aucune n’a pu le réserver.`
        : `${told === 1 ? 'One association was told' : `${num(lang, told)} associations were told`}, none could claim it.`,
      ...whyLines(lang, p),
    ];
  let list: ReachReason[] = [];
  try {
    list = JSON.parse(String(p.reasons || '[]')) as ReachReason[];
  } catch {
    // a message without its reasons still says what happened
  }
  if (list.length) return list.map((r) => reachSentence(lang, r));
  return [
    lang === 'fr'
      ? 'Aucune association proche n’avait de jour ou d’horaire de collecte dans son créneau.'
      : 'No association nearby had a pickup day or time within its window.',
  ];
}

function qualityLines(lang: Lang, p: Params): string[] {
  const lines: string[] = [];
  if (p.quality !== 'refused')
    lines.push(
      `${lang === 'fr' ? 'Qualité' : 'Quality'}${lang === 'fr' ? ' :' : ':'} ${t(lang, `don.quality.${p.quality}`)}.`,
    );
  if (p.temperature !== '' && p.temperature != null)
    lines.push(
      lang === 'fr'
        ? `Température relevée : ${formatCelsius(lang, p.temperature)}.`
        : `Temperature taken: ${formatCelsius(lang, p.temperature)}.`,
    );
  if (p.issues) lines.push(`${lang === 'fr' ? 'Remarque :' : 'Note:'} ${p.issues}`);
  return lines;
}

export const SHOP_TEMPLATES: Record<string, Record<Lang, Template>> = {
  donation_released: {
    fr: (p, l) => ({
      subject: `${p.association} ne viendra pas chercher votre don`,
      paragraphs: [
        'Bonjour,',
        `${p.driver} (${p.association}) a rendu votre don « ${p.description} ».`,
        ...(p.reason ? [`Raison donnée : ${t('fr', `don.release.${p.reason}`)}.`] : []),
        'Il est de nouveau proposé aux autres associations.',
      ],
      action: { label: 'Voir le don', url: l.donation },
      footer: FOOTER.fr,
      text: '',
      sms: `Surplus Link : ${p.association} ne viendra pas chercher « ${p.description} »${p.reason ? ` (${t('fr', `don.release.${p.reason}`)})` : ''}. Il est de nouveau proposé.`,
    }),
    en: (p, l) => ({
      subject: `${p.association} will not come for your donation`,
      paragraphs: [
        'Hello,',
        `${p.driver} (${p.association}) gave your donation "${p.description}" back.`,
        ...(p.reason ? [`Reason given: ${t('en', `don.release.${p.reason}`)}.`] : []),
        'It is offered to the other associations again.',
      ],
      action: { label: 'See the donation', url: l.donation },
      footer: FOOTER.en,
      text: '',
      sms: `Surplus Link: ${p.association} will not come for "${p.description}"${p.reason ? ` (${t('en', `don.release.${p.reason}`)})` : ''}. It is offered again.`,
    }),
  },
  donation_picked_up: {
    fr: (p, l) => ({
      subject:
        p.quality === 'refused'
          ? `${p.association} a refusé votre don`
          : `Don collecté : ${num('fr', p.kg)} kg`,
      paragraphs: [
        'Bonjour,',
        p.quality === 'refused'
          ? `${p.driver} (${p.association}) a refusé votre don « ${p.description} » à la collecte.`
          : `${p.driver} (${p.association}) a collecté votre don « ${p.description} » : ${num('fr', p.kg)} kg reçus.`,
        ...qualityLines('fr', p),
      ],
      action: { label: 'Voir le don', url: l.donation },
      footer: FOOTER.fr,
      text: '',
      sms:
        p.quality === 'refused'
          ? `Surplus Link : ${p.association} a refusé « ${p.description} ».`
          : `Surplus Link : ${p.association} a collecté « ${p.description} », ${num('fr', p.kg)} kg, qualité ${t('fr', `don.quality.${p.quality}`).toLowerCase()}.`,
    }),
    en: (p, l) => ({
      subject:
        p.quality === 'refused'
          ? `${p.association} refused your donation`
          : `Donation collected: ${num('en', p.kg)} kg`,
      paragraphs: [
        'Hello,',
        p.quality === 'refused'
          ? `${p.driver} (${p.association}) refused your donation "${p.description}" at pickup.`
          : `${p.driver} (${p.association}) collected your donation "${p.description}": ${num('en', p.kg)} kg received.`,
        ...qualityLines('en', p),
      ],
      action: { label: 'See the donation', url: l.donation },
      footer: FOOTER.en,
      text: '',
      sms:
        p.quality === 'refused'
          ? `Surplus Link: ${p.association} refused "${p.description}".`
          : `Surplus Link: ${p.association} collected "${p.description}", ${num('en', p.kg)} kg, quality ${t('en', `don.quality.${p.quality}`).toLowerCase()}.`,
    }),
  },
  donation_unclaimed: {
    fr: (p, l) => ({
      subject: 'Personne n’a pu prendre votre don',
      paragraphs: [
        'Bonjour,',
        `Personne n’a pu prendre votre don « ${p.description} » (${num('fr', p.kg)} kg) : son créneau de collecte est passé.`,
        ...reasons('fr', p),
        'La prochaine fois, un créneau plus tôt ou plus large lui donne plus de chances.',
      ],
      action: { label: 'Voir le don', url: l.donation },
      footer: FOOTER.fr,
      text: '',
      sms: `Surplus Link : personne n’a pu prendre votre don « ${p.description} ». ${reasons('fr', p)[0]}`,
    }),
    en: (p, l) => ({
      subject: 'Nobody could take your donation',
      paragraphs: [
        'Hello,',
        `Nobody could take your donation "${p.description}" (${num('en', p.kg)} kg): its pickup window is over.`,
        ...reasons('en', p),
        'Next time, an earlier or wider window gives it a better chance.',
      ],
      action: { label: 'See the donation', url: l.donation },
      footer: FOOTER.en,
      text: '',
      sms: `Surplus Link: nobody could take your donation "${p.description}". ${reasons('en', p)[0]}`,
    }),
  },
};
