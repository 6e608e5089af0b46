/** Gathered with the other word tables in src/i18n/index.ts. */
export const organisationMessages = {
  fr: { 'err.invalid_char': 'Ce texte contient un caractère non autorisé.' },
  en: { 'err.invalid_char': 'This text contains a character that is not allowed.' },
};
