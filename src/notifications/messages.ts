/** Gathered with the other word tables in src/i18n/index.ts. */
export const notificationMessages = {
  fr: {
    'push.title': 'Don à {distance} : {what}',
    'push.body': '{kg} kg · {description} · à prendre avant {until}',
    'push.urgent.title': 'URGENT, à reprendre tout de suite · {title}',
    'push.via_hub.title': 'Via le relais {hub} · {title}',
    'push.test.title': 'Notifications activées',
    'push.test.body': 'Ce téléphone recevra les dons proches.',
    'push.page.title': 'Notifications',
    'push.page.intro':
      'Recevez sur ce téléphone les dons proches qui conviennent à votre association, dès qu’ils sont proposés.',
    'push.page.nojs':
      'Activer les notifications demande JavaScript et un navigateur qui les accepte.',
    'push.page.unsupported':
      'Ce navigateur ne sait pas recevoir de notifications. Vous serez prévenu par e-mail (ou SMS, selon vos choix).',
    'push.page.denied':
      'Les notifications sont bloquées pour ce site : autorisez-les dans les réglages du navigateur (le cadenas à côté de l’adresse), puis rechargez la page.',
    'push.page.failed':
      'Les notifications n’ont pas pu être activées sur cet appareil : le service de notification du navigateur n’a pas répondu. Réessayez plus tard ; en attendant, vous êtes prévenu par e-mail.',
    'push.page.refused':
      'Vous n’avez pas autorisé les notifications : elles restent désactivées sur cet appareil.',
    'push.page.on': 'Activer sur cet appareil',
    'push.page.off': 'Désactiver sur cet appareil',
    'push.page.state_on':
      'Les notifications sont activées sur cet appareil : il sonne à chaque don qui convient.',
    'push.page.state_off':
      'Les notifications sont désactivées sur cet appareil. Activez-les pour être prévenu dès qu’un don est proposé.',
    'push.page.devices': 'Vos appareils',
    'push.page.none': 'Aucun appareil ne reçoit de notifications.',
    'push.page.remove': 'Retirer',
    'push.page.test': 'M’envoyer une notification de test',
    'push.page.test_sent': 'Notification de test envoyée à {n} appareils.',
    'push.page.test_sent.one': 'Notification de test envoyée à {n} appareil.',
    'push.page.removed': 'Appareil retiré.',
    'push.page.since': 'depuis le {date}',
    'push.err.endpoint':
      'L’adresse de l’abonnement doit être une adresse https d’un service de notification.',
    'push.err.endpoint_private':
      'L’adresse de l’abonnement pointe vers une machine privée ou locale.',
    'push.err.key': 'Clé absente ou mal encodée (base64url attendu).',
    'push.err.p256dh_length': 'La clé p256dh doit faire 65 octets (point P-256 non compressé).',
    'push.err.auth_length': 'La clé auth doit faire 16 octets.',
    'push.err.endpoint_taken': 'Cet appareil reçoit déjà les notifications d’un autre compte.',
    'choices.title': 'Mes notifications',
    'choices.intro':
      'Pour chaque sorte de message, choisissez comment être prévenu. Sans choix de votre part : une notification sur votre téléphone s’il en reçoit, sinon un e-mail.',
    'choices.saved': 'Vos choix sont enregistrés.',
    'choices.err.form':
      'Certains choix ne peuvent pas être enregistrés : voyez les messages ci-dessous.',
    'choices.no_device':
      'Aucun appareil ne reçoit vos notifications : les notifications ne sont pas proposées.',
    'choices.add_device': 'Activer les notifications sur ce téléphone',
    'choices.no_phone': 'Sans numéro de téléphone, les SMS ne sont pas proposés.',
    'choices.add_phone': 'Ajouter un numéro dans mon compte',
    'choices.none': 'Votre rôle ne reçoit pas de messages à choisir ici.',
    'choices.channel.push': 'Notification',
    'choices.channel.email': 'E-mail',
    'choices.channel.sms': 'SMS',
    'choices.kind.donation_alert': 'Un nouveau don convient à votre association',
    'choices.kind.pickup_reminder': 'Rappel 30 minutes avant la fin d’une collecte réservée',
    'choices.kind.pickups_tomorrow': 'La veille au soir : les collectes du lendemain matin',
    'choices.kind.arrangement_offer': 'Accord régulier : les nouvelles dates à confirmer',
    'choices.kind.donation_claimed': 'Une association a réservé votre don',
    'choices.kind.donation_released': 'Une association a rendu votre don',
    'choices.kind.donation_picked_up': 'Votre don a été collecté (kg et qualité)',
    'choices.kind.donation_unclaimed': 'Personne n’a pu prendre votre don',
    'choices.kind.receipt_ready': 'Le reçu fiscal du mois est prêt',
    'choices.kind.convention_news':
      'Convention de don : proposée, acceptée, refusée ou terminée par l’autre partie',
    'choices.kind.weekly_summary': 'Le résumé de la semaine',
    'choices.kind.territory_news': 'Les nouvelles de votre territoire (PAT, commune)',
    'choices.quiet': 'Heures calmes',
    'choices.quiet_hint':
      'Pendant ces heures, ni notification ni SMS (heure de Paris) ; les e-mails arrivent quand même.',
    'choices.quiet_on': 'Pas de notification ni de SMS entre ces heures',
    'choices.quietFrom': 'De',
    'choices.quietUntil': 'À',
    'choices.submit': 'Enregistrer mes choix',
    'choices.err.no_phone':
      'Ajoutez d’abord un numéro de téléphone dans votre compte pour recevoir des SMS.',
    'choices.err.phone_unverified':
      'Vérifiez d’abord votre numéro dans votre compte (un code vous est envoyé par SMS) pour recevoir des SMS.',
    'choices.phone_unverified':
      'Votre numéro n’est pas encore vérifié : les SMS seront proposés une fois le code reçu saisi.',
    'choices.verify_phone': 'Vérifier mon numéro',
    'choices.err.no_device': 'Activez d’abord les notifications sur un appareil.',
    'choices.err.time': 'Indiquez une heure (par exemple 21:30).',
    'choices.err.same_time': 'Les deux heures doivent être différentes.',
  },
  en: {
    'push.title': 'Donation {distance} away: {what}',
    'push.body': '{kg} kg · {description} · pick up before {until}',
    'push.urgent.title': 'URGENT, given back, take it now · {title}',
    'push.via_hub.title': 'Via the hub {hub} · {title}',
    'push.test.title': 'Notifications are on',
    'push.test.body': 'This phone will be told of nearby donations.',
    'push.page.title': 'Notifications',
    'push.page.intro':
      'Be told on this phone of nearby donations that fit your association, as soon as they are posted.',
    'push.page.nojs': 'Turning notifications on needs JavaScript and a browser that supports them.',
    'push.page.unsupported':
      'This browser cannot receive notifications. You will be told by e-mail (or text message, as you chose).',
    'push.page.denied':
      'Notifications are blocked for this site: allow them in the browser settings (the padlock next to the address), then reload the page.',
    'push.page.failed':
      'Notifications could not be turned on for this device: the browser’s push service did not answer. Try again later; meanwhile you are told by e-mail.',
    'push.page.refused': 'You did not allow notifications: they stay off for this device.',
    'push.page.on': 'Turn on for this device',
    'push.page.off': 'Turn off for this device',
    'push.page.state_on':
      'Notifications are on for this device: it rings for each donation that fits.',
    'push.page.state_off':
      'Notifications are off for this device. Turn them on to be told as soon as a donation is posted.',
    'push.page.devices': 'Your devices',
    'push.page.none': 'No device receives notifications.',
    'push.page.remove': 'Remove',
    'push.page.test': 'Send me a test notification',
    'push.page.test_sent': 'Test notification sent to {n} devices.',
    'push.page.test_sent.one': 'Test notification sent to {n} device.',
    'push.page.removed': 'Device removed.',
    'push.page.since': 'since {date}',
    'push.err.endpoint': 'The subscription endpoint must be an https address of a push service.',
    'push.err.endpoint_private': 'The subscription endpoint points at a private or local machine.',
    'push.err.key': 'Key missing or badly encoded (base64url expected).',
    'push.err.p256dh_length': 'The p256dh key must be 65 bytes (an uncompressed P-256 point).',
    'push.err.auth_length': 'The auth key must be 16 bytes.',
    'push.err.endpoint_taken': 'This device already receives the notifications of another account.',
    'choices.title': 'My notifications',
    'choices.intro':
      'For each kind of message, choose how you are told. When you choose nothing: a notification on your phone if it receives them, else an e-mail.',
    'choices.saved': 'Your choices are saved.',
    'choices.err.form': 'Some choices cannot be saved: see the messages below.',
    'choices.no_device': 'No device receives your notifications: notifications are not offered.',
    'choices.add_device': 'Turn notifications on for this phone',
    'choices.no_phone': 'Without a phone number, text messages are not offered.',
    'choices.add_phone': 'Add a number in my account',
    'choices.none': 'Your role gets no messages to choose here.',
    'choices.channel.push': 'Notification',
    'choices.channel.email': 'E-mail',
    'choices.channel.sms': 'Text message',
    'choices.kind.donation_alert': 'A new donation fits your association',
    'choices.kind.pickup_reminder': 'Reminder 30 minutes before the end of a pickup you claimed',
    'choices.kind.pickups_tomorrow': 'The evening before: the next morning’s pickups',
    'choices.kind.arrangement_offer': 'Standing arrangement: new dates to confirm',
    'choices.kind.donation_claimed': 'An association claimed your donation',
    'choices.kind.donation_released': 'An association gave your donation back',
    'choices.kind.donation_picked_up': 'Your donation was collected (kg and quality)',
    'choices.kind.donation_unclaimed': 'Nobody could take your donation',
    'choices.kind.receipt_ready': 'The month’s tax receipt is ready',
    'choices.kind.convention_news':
      'Donation agreement: proposed, accepted, declined or ended by the other side',
    'choices.kind.weekly_summary': 'The weekly summary',
    'choices.kind.territory_news': 'News from your territory (food project, town)',
    'choices.quiet': 'Quiet hours',
    'choices.quiet_hint':
      'During these hours, no notification and no text message (Paris time); e-mails still arrive.',
    'choices.quiet_on': 'No notification or text message between these times',
    'choices.quietFrom': 'From',
    'choices.quietUntil': 'To',
    'choices.submit': 'Save my choices',
    'choices.err.no_phone': 'First add a phone number in your account to get text messages.',
    'choices.err.phone_unverified':
      'First verify your number in your account (a code is sent to you by text message) to get text messages.',
    'choices.phone_unverified':
      'Your number is not verified yet: text messages are offered once you type in the code you received.',
    'choices.verify_phone': 'Verify my number',
    'choices.err.no_device': 'First turn notifications on on a device.',
    'choices.err.time': 'Give a time (for example 21:30).',
    'choices.err.same_time': 'The two times must differ.',
  },
};
