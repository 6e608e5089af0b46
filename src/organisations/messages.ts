/** Gathered with the other word tables in src/i18n/index.ts. */
export const organisationMessages = {
  fr: {
    'err.invalid_char': 'Ce texte contient un caractère non autorisé.',
    'profile.access_notes': 'Pour venir chercher les dons',
    'profile.access_notes_hint':
      'Entrée, stationnement, quelle porte, qui demander. Seule l’association qui a réservé un don le voit.',
    'profile.pickup_phone': 'Téléphone pour les retraits',
    'profile.pickup_phone_hint': 'Seule l’association qui a réservé un don le voit.',
    'members.send_mail': 'Envoyer l’invitation',
    'members.sent': 'Invitation envoyée par e-mail à {email}.',
    'members.copy': 'Copier le lien',
    'members.copied': 'Lien copié.',
    'members.share': 'Partager le lien',
    'members.share_text': 'Rejoignez {organisation} sur Surplus Link',
    'admin.address_confirmed': 'Adresse confirmée',
    'admin.address_unconfirmed': 'Adresse non confirmée',
    'admin.err.unconfirmed':
      'Pas encore validable : l’adresse e-mail de son compte n’est pas confirmée. La personne ouvre le lien reçu, ou le redemande depuis « Mon compte ».',
  },
  en: {
    'err.invalid_char': 'This text contains a character that is not allowed.',
    'profile.access_notes': 'Collecting donations here',
    'profile.access_notes_hint':
      'Entrance, parking, which door, whom to ask. Only the association that claimed a donation sees it.',
    'profile.pickup_phone': 'Phone for pickups',
    'profile.pickup_phone_hint': 'Only the association that claimed a donation sees it.',
    'members.send_mail': 'Send the invitation',
    'members.sent': 'Invitation sent by e-mail to {email}.',
    'members.copy': 'Copy the link',
    'members.copied': 'Link copied.',
    'members.share': 'Share the link',
    'members.share_text': 'Join {organisation} on Surplus Link',
    'admin.address_confirmed': 'Address confirmed',
    'admin.address_unconfirmed': 'Address not confirmed',
    'admin.err.unconfirmed':
      'Not yet: the e-mail address of its account is not confirmed. The person opens the link they received, or asks for it again from “My account”.',
  },
};
