import type { Lang } from '../i18n/index.js';
import type { Template } from '../mail/template-types.js';

/** A manager's invitation, its link to accept. */
const INVITATION_TEMPLATES: Record<string, Record<Lang, Template>> = {
  invitation: {
    fr: (p, l) => ({
      subject: `Invitation à rejoindre ${p.organisation} sur Surplus Link`,
      paragraphs: [
        'Bonjour,',
        `${p.inviter || 'Un responsable'} vous invite à rejoindre ${p.organisation} sur Surplus Link, qui relie les commerces aux associations d’aide alimentaire pour leurs invendus.`,
        `Ce lien est valable ${p.days} jours et ne sert qu’une fois. Si vous ne connaissez pas cette organisation, ignorez ce message.`,
      ],
      action: { label: 'Accepter l’invitation', url: l.accept },
      text: '',
      sms: '',
    }),
    en: (p, l) => ({
      subject: `Invitation to join ${p.organisation} on Surplus Link`,
      paragraphs: [
        'Hello,',
        `${p.inviter || 'A manager'} invites you to join ${p.organisation} on Surplus Link, which links shops to food-aid associations for their unsold food.`,
        `This link works for ${p.days} days, once. If you do not know this organisation, ignore this message.`,
      ],
      action: { label: 'Accept the invitation', url: l.accept },
      text: '',
      sms: '',
    }),
  },
};

const frDay = (iso: string | number) => {
  const [y, m, d] = String(iso).split('-');
  return `${d}/${m}/${y}`;
};

/** The reminder that an association's food-aid approval ends (approval-reminder.ts). */
const APPROVAL_TEMPLATES: Record<string, Record<Lang, Template>> = {
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

/** The organisations' messages. */
export const ORGANISATION_TEMPLATES = { ...INVITATION_TEMPLATES, ...APPROVAL_TEMPLATES };
