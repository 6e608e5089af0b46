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
    'err.place_not_offered':
      'Cette adresse ne fait pas partie des propositions. Choisissez-en une dans la liste.',
    'err.places_throttled_wait':
      'Trop de recherches d’adresse depuis votre connexion. Réessayez dans une minute.',
    'err.place_choose': 'Choisissez votre adresse dans la liste.',
    'err.here_range':
      'Cette position n’est pas valable (latitude de -90 à 90, longitude de -180 à 180).',
    'err.here_abroad':
      'Nous ne trouvons aucune adresse en France à cet endroit. Saisissez votre adresse.',
    'err.address_coordinates': 'Indiquez les coordonnées de l’adresse ci-dessous.',
    'place.hint': 'Le numéro et la rue, puis choisissez votre adresse dans la liste.',
    'place.saved': 'Adresse enregistrée : {label}',
    'place.suggestions': 'Adresses trouvées',
    'place.here': 'Je suis sur place',
    'place.here_denied':
      'Votre position n’est pas disponible. Autorisez-la dans le navigateur, ou saisissez l’adresse.',
    'place.by_hand': 'Dernier recours : indiquer les coordonnées à la main',
    'place.by_hand_hint':
      'Latitude et longitude de l’entrée (par exemple depuis une application de cartes).',
  },
  en: {
    'err.geocoder_unavailable':
      'The address service does not answer at the moment. Try again in a while, or give the coordinates by hand.',
    'err.address_unknown':
      'We cannot find this address. Check it, or add the postcode and the town.',
    'err.places_throttled':
      'Too many address lookups from your connection. Try again in {minutes} min.',
    'err.citycode': 'This INSEE code matches no commune.',
    'err.place_not_offered':
      'This address is not one of the suggestions. Choose one from the list.',
    'err.places_throttled_wait':
      'Too many address lookups from your connection. Try again in a minute.',
    'err.place_choose': 'Choose your address from the list.',
    'err.here_range':
      'This position is not valid (latitude from -90 to 90, longitude from -180 to 180).',
    'err.here_abroad': 'We find no address in France at this place. Type your address.',
    'err.address_coordinates': 'Give the coordinates of the address below.',
    'place.hint': 'The number and the street, then choose your address from the list.',
    'place.saved': 'Address on record: {label}',
    'place.suggestions': 'Addresses found',
    'place.here': 'I am there now',
    'place.here_denied':
      'Your position is not available. Allow it in the browser, or type the address.',
    'place.by_hand': 'Last resort: give the coordinates by hand',
    'place.by_hand_hint':
      'Latitude and longitude of the entrance (for instance from a maps application).',
  },
};
