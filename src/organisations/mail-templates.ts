import type { Lang } from '../i18n/index.js';

/**
 * The shape of src/mail/templates.ts's Template, written here: importing it would make an import
 * circle (templates.ts lists this file). TEMPLATES' type checks that the two agree.
 */
type Template = (
  p: Record<string, string | number>,
  links: Record<string, string>,
) => {
  subject: string;
  text: string;
  sms: string;
  paragraphs: string[];
  action?: { label: string; url: string };
};

const frDay = (iso: string | number) => {
  const [y, m, d] = String(iso).split('-');
  return `${d}/${m}/${y}`;
};

/** The reminder that an association's food-aid approval ends (approval-reminder.ts). */
export const organisationTemplates: Record<string, Record<Lang, Template>> = {
  approval_ending: {
    fr: (p, l) => ({
      subject: `Votre habilitation aide alimentaire prend fin le ${frDay(p.endsOn!)}`,
      paragraphs: [
        'Bonjour,',
        `L’habilitation aide alimentaire de ${p.name} prend fin le ${frDay(p.endsOn!)}.`,
        'Faites-la renouveler et enregistrez la nouvelle date dans votre profil : après cette date, vos collectes ne donneront plus droit à un reçu fiscal pour les commerces donateurs.',
      ],
      action: { label: 'Ouvrir le profil', url: l.profile! },
      text: '',
      sms: `Surplus Link : l’habilitation de ${p.name} prend fin le ${frDay(p.endsOn!)}.`,
    }),
    en: (p, l) => ({
      subject: `Your food-aid approval ends on ${p.endsOn}`,
      paragraphs: [
        'Hello,',
        `The food-aid approval of ${p.name} ends on ${p.endsOn}.`,
        'Have it renewed and record the new date on your profile: after that date, your pickups give the donor shops no tax receipt.',
      ],
      action: { label: 'Open the profile', url: l.profile! },
      text: '',
      sms: `Surplus Link: the approval of ${p.name} ends on ${p.endsOn}.`,
    }),
  },
};
