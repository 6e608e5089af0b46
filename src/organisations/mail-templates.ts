import type { Lang } from '../i18n/index.js';
import type { Template } from '../mail/template-types.js';

/** The organisations' messages: a manager's invitation, its link to accept. */
export const ORGANISATION_TEMPLATES: Record<string, Record<Lang, Template>> = {
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
