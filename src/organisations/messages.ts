import { addMessages } from '../i18n/index.js';

addMessages({
  fr: { 'err.invalid_char': 'Ce texte contient un caractère non autorisé.' },
  en: { 'err.invalid_char': 'This text contains a character that is not allowed.' },
});
