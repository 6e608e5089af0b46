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
/** The feedback keys worded here (a newer zxcvbn may give others: they get the general message). */
export const weakPasswordMessages = new Set(Object.keys(fr));

// the account page's words (name, language, e-mail and its confirmation)
const pageFr: Record<string, string> = {
  'account.confirm_first':
    'Confirmez d’abord votre adresse e-mail : ouvrez le lien que nous vous avons envoyé (ou redemandez-le).',
  'account.identity': 'Mon nom et ma langue',
  'account.name': 'Nom',
  'account.lang': 'Langue des pages et des messages',
  'account.lang.fr': 'Français',
  'account.lang.en': 'English',
  'account.identity_save': 'Enregistrer',
  'account.identity_saved': 'Nom et langue enregistrés.',
  'account.email': 'Adresse e-mail',
  'account.email_current': 'Adresse actuelle : {email}',
  'account.email_new': 'Nouvelle adresse',
  'account.email_hint':
    'Un lien est envoyé à la nouvelle adresse ; elle remplace l’actuelle quand il est ouvert (24 h, une fois).',
  'account.email_save': 'Changer d’adresse',
  'account.email_pending':
    'Un lien de confirmation a été envoyé à {email}. Votre adresse change quand il est ouvert.',
  'account.email_unconfirmed':
    'Votre adresse n’est pas encore confirmée : ouvrez le lien reçu par e-mail. Une association n’est validée qu’une fois l’adresse confirmée.',
  'account.email_resend': 'Recevoir le lien à nouveau',
  'account.email_resent': 'Un nouveau lien vient d’être envoyé à votre adresse.',
  'account.email_failing':
    'Les e-mails ne parviennent plus à {email} (refusés par le serveur de destination) : nous n’y écrivons plus. Changez d’adresse.',
  'account.phone_failing':
    'Les SMS ne parviennent plus à ce numéro (refusé par l’opérateur) : nous n’y écrivons plus. Changez de numéro.',
  'account.notifications': 'Notifications',
  'account.err.same_email': 'C’est déjà l’adresse de votre compte.',
  'err.phone_intl':
    'Saisissez un numéro valable : 06 12 34 56 78, ou avec l’indicatif du pays (+32 470 12 34 56).',
  'confirm.title': 'Confirmer l’adresse e-mail',
  'confirm.ask': 'Confirmer que l’adresse de ce lien est la vôtre ?',
  'confirm.submit': 'Confirmer l’adresse',
  'confirm.done': 'Adresse confirmée. Merci !',
  'confirm.done_changed': 'C’est fait : votre compte utilise désormais cette adresse.',
  'confirm.err.token':
    'Ce lien n’est pas valable : il a déjà servi, il date de plus de 24 heures, ou il est incomplet. Demandez-en un nouveau depuis votre compte.',
  'confirm.err.throttled': 'Trop de liens demandés en une heure : réessayez un peu plus tard.',
  'phone.verified': 'Numéro vérifié : vous pouvez recevoir des SMS.',
  'phone.verified_now': 'Numéro vérifié. Vous pouvez choisir les SMS dans vos notifications.',
  'phone.unverified':
    'Numéro non vérifié : aucun SMS n’y est envoyé tant que vous n’avez pas saisi le code reçu à ce numéro.',
  'phone.send': 'Recevoir un code par SMS',
  'phone.send_again': 'Recevoir un nouveau code',
  'phone.code_sent':
    'Un code à 6 chiffres vient d’être envoyé par SMS à ce numéro (valable 10 minutes).',
  'phone.code': 'Code reçu par SMS',
  'phone.code_hint': '6 chiffres, valable 10 minutes, 5 essais.',
  'phone.verify': 'Vérifier le numéro',
  'phone.err.none': 'Enregistrez d’abord un numéro de téléphone.',
  'phone.err.throttled':
    'Trop de codes demandés pour ce compte ou ce numéro : réessayez plus tard.',
  'phone.err.code_format': 'Saisissez les 6 chiffres du code.',
  'phone.err.code_left': 'Code incorrect : il vous reste {n} essais.',
  'phone.err.code_left.one': 'Code incorrect : il vous reste {n} essai.',
  'phone.err.code_last': 'Code incorrect, et c’était le dernier essai : demandez un nouveau code.',
  'phone.err.code_expired':
    'Ce code ne vaut plus (plus de 10 minutes, ou 5 essais) : demandez-en un nouveau.',
};
const pageEn: Record<string, string> = {
  'account.confirm_first':
    'First confirm your e-mail address: open the link we sent you (or ask for it again).',
  'account.identity': 'My name and language',
  'account.name': 'Name',
  'account.lang': 'Language of pages and messages',
  'account.lang.fr': 'Français',
  'account.lang.en': 'English',
  'account.identity_save': 'Save',
  'account.identity_saved': 'Name and language saved.',
  'account.email': 'E-mail address',
  'account.email_current': 'Current address: {email}',
  'account.email_new': 'New address',
  'account.email_hint':
    'A link is sent to the new address; it replaces the current one when the link is opened (24 h, once).',
  'account.email_save': 'Change address',
  'account.email_pending':
    'A confirmation link was sent to {email}. Your address changes when it is opened.',
  'account.email_unconfirmed':
    'Your address is not confirmed yet: open the link you received by e-mail. An association is approved only once its address is confirmed.',
  'account.email_resend': 'Send me the link again',
  'account.email_resent': 'A new link has just been sent to your address.',
  'account.email_failing':
    'E-mails no longer reach {email} (refused by the receiving server): we no longer write to it. Change your address.',
  'account.phone_failing':
    'Text messages no longer reach this number (refused by the carrier): we no longer write to it. Change the number.',
  'account.notifications': 'Notifications',
  'account.err.same_email': 'This is already your account’s address.',
  'err.phone_intl':
    'Enter a valid number: 06 12 34 56 78, or with the country code (+32 470 12 34 56).',
  'confirm.title': 'Confirm the e-mail address',
  'confirm.ask': 'Confirm that the address of this link is yours?',
  'confirm.submit': 'Confirm the address',
  'confirm.done': 'Address confirmed. Thank you!',
  'confirm.done_changed': 'Done: your account now uses this address.',
  'confirm.err.token':
    'This link does not work: it was used already, is more than 24 hours old, or is incomplete. Ask for a new one from your account.',
  'confirm.err.throttled': 'Too many links asked for within an hour: try again a little later.',
  'phone.verified': 'Number verified: you can get text messages.',
  'phone.verified_now': 'Number verified. You can choose text messages in your notifications.',
  'phone.unverified':
    'Number not verified: no text message is sent to it until you type in the code sent to this number.',
  'phone.send': 'Send me a code by text message',
  'phone.send_again': 'Send me a new code',
  'phone.code_sent':
    'A 6-digit code has just been sent to this number by text message (valid 10 minutes).',
  'phone.code': 'Code received by text message',
  'phone.code_hint': '6 digits, valid 10 minutes, 5 tries.',
  'phone.verify': 'Verify the number',
  'phone.err.none': 'First save a phone number.',
  'phone.err.throttled': 'Too many codes asked for this account or number: try again later.',
  'phone.err.code_format': 'Type the 6 digits of the code.',
  'phone.err.code_left': 'Wrong code: {n} tries left.',
  'phone.err.code_left.one': 'Wrong code: {n} try left.',
  'phone.err.code_last': 'Wrong code, and that was the last try: ask for a new code.',
  'phone.err.code_expired':
    'This code no longer works (over 10 minutes, or 5 tries): ask for a new one.',
};

/** Gathered with the other word tables in src/i18n/index.ts. */
export const accountMessages = { fr: { ...fr, ...pageFr }, en: { ...en, ...pageEn } };
