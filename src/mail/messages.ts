/** Gathered with the other word tables in src/i18n/index.ts. */
export const mailMessages = {
  fr: {
    'reset.link': 'Mot de passe oublié ?',
    'reset.title': 'Mot de passe oublié',
    'reset.intro':
      'Indiquez l’adresse e-mail de votre compte : nous y envoyons un lien pour choisir un nouveau mot de passe.',
    'reset.email': 'E-mail',
    'reset.submit': 'Recevoir le lien',
    'reset.sent':
      'Si un compte utilise cette adresse, un e-mail vient de lui être envoyé. Le lien est valable une heure et ne sert qu’une fois. Pensez à regarder dans les indésirables.',
    'reset.choose_title': 'Choisir un nouveau mot de passe',
    'reset.password': 'Nouveau mot de passe',
    'reset.password_hint':
      'Au moins 10 caractères, difficile à deviner. Toutes vos sessions et vos jetons d’API prendront fin.',
    'reset.choose_submit': 'Enregistrer le mot de passe',
    'reset.done': 'Votre mot de passe est changé. Connectez-vous avec le nouveau.',
    'reset.err.token':
      'Ce lien n’est pas valable : il a déjà servi, il date de plus d’une heure, ou il est incomplet. Demandez-en un nouveau.',
    'reset.ask_again': 'Demander un nouveau lien',
    'reset.err.email': 'Cette adresse e-mail n’est pas valable (exemple : nom@exemple.fr).',
    'reset.err.throttled': 'Trop de demandes depuis cet appareil. Réessayez dans {minutes} min.',
    'unsub.title': 'Ne plus recevoir ces messages',
    'unsub.ask': 'Ne plus recevoir par e-mail les nouvelles de vos dons (réservations) ?',
    'unsub.ask.donation_alert':
      'Ne plus recevoir par e-mail ni par SMS les alertes de nouveaux dons ? Vous pourrez les choisir de nouveau dans votre compte, rubrique Notifications.',
    'unsub.submit': 'Ne plus les recevoir',
    'unsub.done': 'C’est fait : vous ne recevrez plus ces messages.',
    'unsub.err.token': 'Ce lien de désinscription n’est pas valable.',
    'mail.admin.title': 'Messages (e-mail et SMS)',
    'mail.admin.off':
      'L’envoi d’e-mails est désactivé : ni SMTP_URL ni BREVO_API_KEY. Les e-mails sont écrits en fichiers .eml dans le dossier mail/ de DATA_DIR.',
    'mail.admin.smtp': 'Les e-mails partent par SMTP (SMTP_URL).',
    'mail.admin.brevo': 'Les e-mails partent par l’API de Brevo (BREVO_API_KEY).',
    'mail.admin.backlog': '{pending} ; {failing}.',
    'mail.admin.pending': 'messages en attente',
    'mail.admin.pending.one': 'message en attente',
    'mail.admin.failing': 'adresses en échec',
    'mail.admin.failing.one': 'adresse en échec',
    'mail.admin.inDoubt':
      '{n} messages incertains : l’envoi était en cours quand le processus s’est arrêté ; arrivés ou non, ils ne sont pas renvoyés (au plus une fois par message et adresse).',
    'mail.admin.inDoubt.one':
      '{n} message incertain : l’envoi était en cours quand le processus s’est arrêté ; arrivé ou non, il n’est pas renvoyé (au plus une fois par message et adresse).',
  },
  en: {
    'reset.link': 'Forgot your password?',
    'reset.title': 'Forgotten password',
    'reset.intro':
      'Give the e-mail address of your account: we send it a link to choose a new password.',
    'reset.email': 'E-mail',
    'reset.submit': 'Send me the link',
    'reset.sent':
      'If an account uses this address, an e-mail has just been sent to it. The link works for one hour, once. Look in the spam folder too.',
    'reset.choose_title': 'Choose a new password',
    'reset.password': 'New password',
    'reset.password_hint':
      'At least 10 characters, hard to guess. All your sessions and API tokens will end.',
    'reset.choose_submit': 'Save the password',
    'reset.done': 'Your password is changed. Sign in with the new one.',
    'reset.err.token':
      'This link does not work: it was used already, is more than an hour old, or is incomplete. Ask for a new one.',
    'reset.ask_again': 'Ask for a new link',
    'reset.err.email': 'This e-mail address is not valid (example: name@example.org).',
    'reset.err.throttled': 'Too many requests from this device. Try again in {minutes} min.',
    'unsub.title': 'Stop these messages',
    'unsub.ask': 'Stop the e-mails about your donations (claims)?',
    'unsub.ask.donation_alert':
      'Stop the alerts of new donations by e-mail and text message? You can choose them again in your account, under Notifications.',
    'unsub.submit': 'Stop them',
    'unsub.done': 'Done: you will not get these messages any more.',
    'unsub.err.token': 'This unsubscribe link does not work.',
    'mail.admin.title': 'Messages (e-mail and SMS)',
    'mail.admin.off':
      'Sending e-mail is off: neither SMTP_URL nor BREVO_API_KEY. E-mails are written as .eml files in the mail/ folder of DATA_DIR.',
    'mail.admin.smtp': 'E-mails leave through SMTP (SMTP_URL).',
    'mail.admin.brevo': 'E-mails leave through Brevo’s API (BREVO_API_KEY).',
    'mail.admin.backlog': '{pending}; {failing}.',
    'mail.admin.pending': 'messages waiting',
    'mail.admin.pending.one': 'message waiting',
    'mail.admin.failing': 'failing addresses',
    'mail.admin.failing.one': 'failing address',
    'mail.admin.inDoubt':
      '{n} messages in doubt: they were being sent when the process stopped; arrived or not, they are not sent again (at most once per message and address).',
    'mail.admin.inDoubt.one':
      '{n} message in doubt: it was being sent when the process stopped; arrived or not, it is not sent again (at most once per message and address).',
  },
};
