/** Gathered with the other word tables in src/i18n/index.ts. */
export const organisationMessages = {
  fr: {
    'err.invalid_char': 'Ce texte contient un caractère non autorisé.',
    'profile.access_notes': 'Pour venir chercher les dons',
    'profile.access_notes_hint':
      'Entrée, stationnement, quelle porte, qui demander. Seule l’association qui a réservé un don le voit.',
    'profile.pickup_phone': 'Téléphone pour les retraits',
    'profile.pickup_phone_hint': 'Seule l’association qui a réservé un don le voit.',
  },
  en: {
    'err.invalid_char': 'This text contains a character that is not allowed.',
    'profile.access_notes': 'Collecting donations here',
    'profile.access_notes_hint':
      'Entrance, parking, which door, whom to ask. Only the association that claimed a donation sees it.',
    'profile.pickup_phone': 'Phone for pickups',
    'profile.pickup_phone_hint': 'Only the association that claimed a donation sees it.',
  },
};
