/** Gathered with the other word tables in src/i18n/index.ts. */
export const placeMessages = {
  fr: {
    'err.geocoder_unavailable':
      'Le service des adresses ne répond pas pour l’instant. Réessayez dans un moment, ou indiquez les coordonnées à la main.',
    'err.address_unknown':
      'Nous ne trouvons pas cette adresse. Vérifiez-la, ou ajoutez le code postal et la ville.',
    'err.places_throttled':
      'Trop de recherches d’adresse depuis votre connexion. Réessayez dans {minutes} min.',
    'err.citycode': 'Ce code INSEE ne correspond à aucune commune.',
  },
  en: {
    'err.geocoder_unavailable':
      'The address service does not answer at the moment. Try again in a while, or give the coordinates by hand.',
    'err.address_unknown':
      'We cannot find this address. Check it, or add the postcode and the town.',
    'err.places_throttled':
      'Too many address lookups from your connection. Try again in {minutes} min.',
    'err.citycode': 'This INSEE code matches no commune.',
  },
};
