import type { Lang } from '../i18n/index.js';
import type { Template } from '../mail/template-types.js';

/** The accounts' messages: confirming an address (sign-up, a change), and the notices around it. */
export const ACCOUNT_TEMPLATES: Record<string, Record<Lang, Template>> = {
  email_confirm_signup: {
    fr: (_p, l) => ({
      subject: 'Confirmez votre adresse e-mail',
      paragraphs: [
        'Bonjour,',
        'Vous venez de créer un compte sur Surplus Link. Confirmez que cette adresse est bien la vôtre : un administrateur ne valide une association qu’une fois son adresse confirmée.',
        'Ce lien est valable 24 heures et ne sert qu’une fois. Si vous n’avez rien demandé, ignorez ce message.',
      ],
      action: { label: 'Confirmer mon adresse', url: l.confirm },
      text: '',
      sms: '',
    }),
    en: (_p, l) => ({
      subject: 'Confirm your e-mail address',
      paragraphs: [
        'Hello,',
        'You have just made an account on Surplus Link. Confirm that this address is yours: an admin approves an association only once its address is confirmed.',
        'This link works for 24 hours, once. If you asked for nothing, ignore this message.',
      ],
      action: { label: 'Confirm my address', url: l.confirm },
      text: '',
      sms: '',
    }),
  },
  email_confirm_change: {
    fr: (p, l) => ({
      subject: 'Confirmez votre nouvelle adresse e-mail',
      paragraphs: [
        'Bonjour,',
        `Votre compte Surplus Link demande à utiliser désormais l’adresse ${p.email}. Elle ne remplacera l’ancienne qu’une fois ce lien ouvert.`,
        'Ce lien est valable 24 heures et ne sert qu’une fois. Si vous n’avez rien demandé, ignorez ce message : rien ne change.',
      ],
      action: { label: 'Confirmer la nouvelle adresse', url: l.confirm },
      text: '',
      sms: '',
    }),
    en: (p, l) => ({
      subject: 'Confirm your new e-mail address',
      paragraphs: [
        'Hello,',
        `Your Surplus Link account asks to use the address ${p.email} from now on. It replaces the old one only once this link is opened.`,
        'This link works for 24 hours, once. If you asked for nothing, ignore this message: nothing changes.',
      ],
      action: { label: 'Confirm the new address', url: l.confirm },
      text: '',
      sms: '',
    }),
  },
  email_in_use: {
    fr: () => ({
      subject: 'Votre adresse e-mail a été proposée pour un autre compte',
      paragraphs: [
        'Bonjour,',
        'Quelqu’un a demandé à utiliser votre adresse e-mail pour un autre compte Surplus Link. Elle reste celle de votre compte : rien n’a changé.',
        'Si c’était vous, connectez-vous avec cette adresse (« Mot de passe oublié ? » si besoin).',
      ],
      text: '',
      sms: '',
    }),
    en: () => ({
      subject: 'Your e-mail address was put forward for another account',
      paragraphs: [
        'Hello,',
        'Someone asked to use your e-mail address for another Surplus Link account. It stays your account’s address: nothing has changed.',
        'If that was you, sign in with this address ("Forgot your password?" if need be).',
      ],
      text: '',
      sms: '',
    }),
  },
  email_changed: {
    fr: (p) => ({
      subject: 'L’adresse e-mail de votre compte a changé',
      paragraphs: [
        'Bonjour,',
        `Votre compte Surplus Link utilise désormais l’adresse ${p.email}. Les messages ne viendront plus ici.`,
        'Si vous n’y êtes pour rien, prévenez au plus vite un administrateur de la plateforme.',
      ],
      text: '',
      sms: '',
    }),
    en: (p) => ({
      subject: 'The e-mail address of your account has changed',
      paragraphs: [
        'Hello,',
        `Your Surplus Link account now uses the address ${p.email}. Messages will no longer come here.`,
        'If you did not do this, tell an admin of the platform at once.',
      ],
      text: '',
      sms: '',
    }),
  },
  // by SMS only: the code that proves the account's number (phone-verification.ts)
  phone_code: {
    fr: (p) => ({
      subject: 'Votre code de vérification',
      paragraphs: [`Votre code Surplus Link : ${p.code}. Valable ${p.minutes} minutes.`],
      text: '',
      sms: `Surplus Link : votre code de vérification est ${p.code}. Valable ${p.minutes} minutes. Ne le donnez à personne.`,
    }),
    en: (p) => ({
      subject: 'Your verification code',
      paragraphs: [`Your Surplus Link code: ${p.code}. Valid for ${p.minutes} minutes.`],
      text: '',
      sms: `Surplus Link: your verification code is ${p.code}. Valid for ${p.minutes} minutes. Give it to nobody.`,
    }),
  },
};
