/** Gathered with the other word tables in src/i18n/index.ts. */
export const pwaMessages = {
  fr: {
    'pwa.description':
      'Les invendus des commerces vers les associations d’aide alimentaire, avant qu’ils ne soient perdus.',
    'pwa.offline.title': 'Pas de connexion',
    'pwa.offline.body':
      'Ce téléphone n’est pas connecté à Internet pour le moment : la page demandée n’a pas pu être chargée.',
    'pwa.offline.retry':
      'Réessayez dès que la connexion revient : rien de ce que vous avez envoyé avant n’est perdu.',
    'pwa.offline.reload': 'Réessayer',
  },
  en: {
    'pwa.description': 'Unsold food from shops to food-aid associations, before it is wasted.',
    'pwa.offline.title': 'No connection',
    'pwa.offline.body':
      'This phone is not connected to the Internet at the moment: the page could not be loaded.',
    'pwa.offline.retry': 'Try again once the connection is back: nothing you sent before is lost.',
    'pwa.offline.reload': 'Try again',
  },
};
