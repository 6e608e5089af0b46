// zxcvbn's feedback keys, in French after @zxcvbn-ts/language-fr's translations (copied here: that
// package's index would load its ~10 MB of dictionaries at start, only to read these lines)
const frenchWarnings: Record<string, string> = {
  straightRow: 'Les lignes droites de touches du clavier sont faciles à deviner.',
  keyPattern: 'Les motifs de clavier courts sont faciles à deviner.',
  simpleRepeat: 'Les caractères répétés comme « aaa » sont faciles à deviner.',
  extendedRepeat: 'Les motifs répétés comme « abcabcabc » sont faciles à deviner.',
  sequences: 'Les suites de caractères comme « abc » sont faciles à deviner.',
  recentYears: 'Les années récentes sont faciles à deviner.',
  dates: 'Les dates sont faciles à deviner.',
  topTen: 'Ce mot de passe est très utilisé.',
  topHundred: 'Ce mot de passe est fréquemment utilisé.',
  common: 'Ce mot de passe est couramment utilisé.',
  similarToCommon: 'Ce mot de passe ressemble à un mot de passe couramment utilisé.',
  wordByItself: 'Les mots seuls sont faciles à deviner.',
  namesByThemselves: 'Les noms ou prénoms seuls sont faciles à deviner.',
  commonNames: 'Les noms et prénoms courants sont faciles à deviner.',
  userInputs: 'Il ne doit contenir ni votre adresse e-mail, ni votre nom, ni des mots du site.',
  pwned: 'Ce mot de passe a été divulgué lors d’une fuite de données sur Internet.',
};
const frenchSuggestions: Record<string, string> = {
  l33t: 'Évitez les substitutions prévisibles comme « @ » pour « a ».',
  reverseWords: 'Évitez les mots courants écrits à l’envers.',
  allUppercase: 'Mettez quelques lettres en majuscules, mais pas toutes.',
  capitalization: 'Mettez des majuscules ailleurs que sur la première lettre.',
  dates: 'Évitez les dates et les années qui vous sont associées.',
  recentYears: 'Évitez les années récentes.',
  associatedYears: 'Évitez les années qui vous sont associées.',
  sequences: 'Évitez les suites de caractères courantes.',
  repeated: 'Évitez les mots et les caractères répétés.',
  longerKeyboardPattern:
    'Utilisez des motifs de clavier plus longs, en changeant de sens plusieurs fois.',
  anotherWord: 'Ajoutez quelques mots moins courants.',
  useWords: 'Utilisez plusieurs mots, mais évitez les expressions courantes.',
  noNeed:
    'Un mot de passe fort n’a besoin ni de symboles, ni de chiffres, ni de majuscules : la longueur suffit.',
  pwned: 'Si vous utilisez ce mot de passe ailleurs, changez-le.',
};

// the same keys, in English
const englishWarnings: Record<string, string> = {
  straightRow: 'Straight rows of keys on your keyboard are easy to guess.',
  keyPattern: 'Short keyboard patterns are easy to guess.',
  simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
  extendedRepeat: 'Repeated patterns like "abcabcabc" are easy to guess.',
  sequences: 'Common sequences like "abc" are easy to guess.',
  recentYears: 'Recent years are easy to guess.',
  dates: 'Dates are easy to guess.',
  topTen: 'This is one of the most used passwords.',
  topHundred: 'This is a very frequently used password.',
  common: 'This is a commonly used password.',
  similarToCommon: 'This is similar to a commonly used password.',
  wordByItself: 'Single words are easy to guess.',
  namesByThemselves: 'Single names or surnames are easy to guess.',
  commonNames: 'Common names and surnames are easy to guess.',
  userInputs: 'It must not contain your e-mail address, your name or words of this site.',
  pwned: 'This password appeared in a data breach on the Internet.',
};
const englishSuggestions: Record<string, string> = {
  l33t: "Avoid predictable substitutions like '@' for 'a'.",
  reverseWords: 'Avoid common words spelled backwards.',
  allUppercase: 'Capitalise some letters, not all.',
  capitalization: 'Capitalise more than the first letter.',
  dates: 'Avoid dates and years associated with you.',
  recentYears: 'Avoid recent years.',
  associatedYears: 'Avoid years associated with you.',
  sequences: 'Avoid common character sequences.',
  repeated: 'Avoid repeated words and characters.',
  longerKeyboardPattern: 'Use longer keyboard patterns and change direction several times.',
  anotherWord: 'Add a few less common words.',
  useWords: 'Use several words, but avoid common phrases.',
  noNeed: 'A strong password needs no symbols, digits or capitals: length does it.',
  pwned: 'If you use this password elsewhere, change it.',
};

const FR_WEAK = 'Ce mot de passe est trop facile à deviner.';
const EN_WEAK = 'This password is too easy to guess.';
const fr: Record<string, string> = {
  'err.password_weak': `${FR_WEAK} Allongez-le avec quelques mots peu courants.`,
};
const en: Record<string, string> = {
  'err.password_weak': `${EN_WEAK} Make it longer with a few uncommon words.`,
};
for (const [key, words] of Object.entries(frenchWarnings)) {
  fr[`err.password_weak.w.${key}`] = `${FR_WEAK} ${words}`;
  en[`err.password_weak.w.${key}`] = `${EN_WEAK} ${englishWarnings[key]}`;
}
for (const [key, words] of Object.entries(frenchSuggestions)) {
  fr[`err.password_weak.s.${key}`] = `${FR_WEAK} ${words}`;
  en[`err.password_weak.s.${key}`] = `${EN_WEAK} ${englishSuggestions[key]}`;
}
/** Gathered with the other word tables in src/i18n/index.ts. */
export const accountMessages = { fr, en };

/** The feedback keys worded here (a newer zxcvbn may give others: they get the general message). */
export const weakPasswordMessages = new Set(Object.keys(fr));
