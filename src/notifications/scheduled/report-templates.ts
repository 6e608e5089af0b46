import type { Lang } from '../../i18n/index.js';
import {
  monthLabel,
  plural,
  shortDayLabel,
  type MailParams as Params,
  type MailTemplate as Template,
} from './words.js';

function weekly(lang: Lang, p: Params, l: Record<string, string>): ReturnType<Template> {
  const fr = lang === 'fr';
  const n = Number(p.n);
  const period = fr
    ? `du ${shortDayLabel(lang, p.from)} au ${shortDayLabel(lang, p.to)}`
    : `${shortDayLabel(lang, p.from)} to ${shortDayLabel(lang, p.to)}`;
  const orgs = Array.from({ length: n }, (_, i) => {
    const shop = p[`kind${i}`] === 'shop';
    const pickups = plural(
      lang,
      p[`pickups${i}`],
      fr ? 'collecte' : 'pickup',
      fr ? 'collectes' : 'pickups',
    );
    const missed = plural(
      lang,
      p[`missed${i}`],
      fr ? 'collecte manquée' : 'missed pickup',
      fr ? 'collectes manquées' : 'missed pickups',
    );
    const planned = plural(
      lang,
      p[`planned${i}`],
      fr ? 'collecte réservée' : 'claimed pickup',
      fr ? 'collectes réservées' : 'claimed pickups',
    );
    const regular = plural(
      lang,
      p[`regular${i}`],
      fr ? 'don régulier' : 'regular donation',
      fr ? 'dons réguliers' : 'regular donations',
    );
    return [
      fr
        ? `${p[`org${i}`]} : ${p[`kg${i}`]} kg ${shop ? 'donnés' : 'collectés'} en ${pickups}, environ ${p[`meals${i}`]} repas ; ${missed}.`
        : `${p[`org${i}`]}: ${p[`kg${i}`]} kg ${shop ? 'given' : 'collected'} in ${pickups}, about ${p[`meals${i}`]} meals; ${missed}.`,
      fr
        ? `À venir : ${planned} (${p[`plannedKg${i}`]} kg).`
        : `Coming up: ${planned} (${p[`plannedKg${i}`]} kg).`,
      // the series' dates of the week ahead (absent from summaries written before they were counted)
      ...(Number(p[`regular${i}`] ?? 0) > 0
        ? [
            fr
              ? `Cette semaine : ${regular} prévu${Number(p[`regular${i}`]) > 1 ? 's' : ''} (${p[`regularKg${i}`]} kg).`
              : `This week: ${regular} planned (${p[`regularKg${i}`]} kg).`,
          ]
        : []),
    ];
  });
  return {
    subject: fr
      ? `Votre semaine sur Surplus Link (${period})`
      : `Your week on Surplus Link (${period})`,
    paragraphs: [fr ? 'Bonjour,' : 'Hello,', ...orgs.flat()],
    action: { label: fr ? 'Voir le tableau de bord' : 'See the dashboard', url: l.dashboard },
    footer: fr
      ? 'Vous recevez ce résumé chaque lundi comme responsable de cette organisation.'
      : 'You get this summary every Monday as a manager of this organisation.',
    text: '',
    sms: fr
      ? `Surplus Link : semaine ${period}, ${p.kg0} kg, environ ${p.meals0} repas.`
      : `Surplus Link: week ${period}, ${p.kg0} kg, about ${p.meals0} meals.`,
  };
}

/** The weekly summary for managers and the receipt of the month for shops. */
export const REPORT_TEMPLATES: Record<string, Record<Lang, Template>> = {
  weekly_summary: {
    fr: (p, l) => weekly('fr', p, l),
    en: (p, l) => weekly('en', p, l),
  },
  receipt_ready: {
    fr: (p, l) => ({
      subject: `Vos dons de ${monthLabel('fr', p.month)} : le reçu est prêt`,
      paragraphs: [
        'Bonjour,',
        `En ${monthLabel('fr', p.month)}, ${p.shop} a donné ${p.kg} kg en ${plural('fr', p.pickups, 'collecte', 'collectes')} à ${plural('fr', p.associations, 'association', 'associations')}.`,
        'Le détail du mois, par association, est prêt pour vos reçus de dons (art. 238 bis CGI) : à consulter, imprimer ou exporter.',
      ],
      action: { label: 'Voir les reçus du mois', url: l.receipts },
      footer: 'Vous recevez ce message comme responsable de ce commerce.',
      text: '',
      sms: `Surplus Link : le reçu de ${monthLabel('fr', p.month)} de ${p.shop} est prêt.`,
    }),
    en: (p, l) => ({
      subject: `Your donations of ${monthLabel('en', p.month)}: the receipt is ready`,
      paragraphs: [
        'Hello,',
        `In ${monthLabel('en', p.month)}, ${p.shop} gave ${p.kg} kg in ${plural('en', p.pickups, 'pickup', 'pickups')} to ${plural('en', p.associations, 'association', 'associations')}.`,
        'The month’s detail, by association, is ready for your donation receipts (art. 238 bis CGI): to read, print or export.',
      ],
      action: { label: 'See the month’s receipts', url: l.receipts },
      footer: 'You get this message as a manager of this shop.',
      text: '',
      sms: `Surplus Link: the receipt of ${monthLabel('en', p.month)} for ${p.shop} is ready.`,
    }),
  },
};
