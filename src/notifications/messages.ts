import { addMessages, t, type Lang } from '../i18n/index.js';
import { formatDateTime } from '../shared/time.js';
import type { PushPayload } from '../db/schema.js';

addMessages({
  fr: {
    'push.title': 'Don à {distance} : {what}',
    'push.body': '{kg} kg · {description} · à prendre avant {until}',
    'push.test.title': 'Notifications activées',
    'push.test.body': 'Ce téléphone recevra les dons proches.',
    'push.page.title': 'Notifications',
    'push.page.intro':
      'Recevez sur ce téléphone les dons proches qui conviennent à votre association, dès qu’ils sont proposés.',
    'push.page.nojs':
      'Activer les notifications demande JavaScript et un navigateur qui les accepte.',
    'push.page.unsupported': 'Ce navigateur ne sait pas recevoir de notifications.',
    'push.page.denied':
      'Les notifications sont bloquées pour ce site dans les réglages du navigateur.',
    'push.page.on': 'Activer sur cet appareil',
    'push.page.off': 'Désactiver sur cet appareil',
    'push.page.state_on': 'Les notifications sont activées sur cet appareil.',
    'push.page.state_off': 'Les notifications sont désactivées sur cet appareil.',
    'push.page.devices': 'Vos appareils',
    'push.page.none': 'Aucun appareil ne reçoit de notifications.',
    'push.page.remove': 'Retirer',
    'push.page.test': 'M’envoyer une notification de test',
    'push.page.test_sent': 'Notification de test envoyée à {n} appareil(s).',
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
  },
  en: {
    'push.title': 'Donation {distance} away: {what}',
    'push.body': '{kg} kg · {description} · pick up before {until}',
    'push.test.title': 'Notifications are on',
    'push.test.body': 'This phone will be told of nearby donations.',
    'push.page.title': 'Notifications',
    'push.page.intro':
      'Be told on this phone of nearby donations that fit your association, as soon as they are posted.',
    'push.page.nojs': 'Turning notifications on needs JavaScript and a browser that supports them.',
    'push.page.unsupported': 'This browser cannot receive notifications.',
    'push.page.denied': 'Notifications are blocked for this site in the browser settings.',
    'push.page.on': 'Turn on for this device',
    'push.page.off': 'Turn off for this device',
    'push.page.state_on': 'Notifications are on for this device.',
    'push.page.state_off': 'Notifications are off for this device.',
    'push.page.devices': 'Your devices',
    'push.page.none': 'No device receives notifications.',
    'push.page.remove': 'Remove',
    'push.page.test': 'Send me a test notification',
    'push.page.test_sent': 'Test notification sent to {n} device(s).',
    'push.page.removed': 'Device removed.',
    'push.page.since': 'since {date}',
    'push.err.endpoint': 'The subscription endpoint must be an https address of a push service.',
    'push.err.endpoint_private': 'The subscription endpoint points at a private or local machine.',
    'push.err.key': 'Key missing or badly encoded (base64url expected).',
    'push.err.p256dh_length': 'The p256dh key must be 65 bytes (an uncompressed P-256 point).',
    'push.err.auth_length': 'The auth key must be 16 bytes.',
    'push.err.endpoint_taken': 'This device already receives the notifications of another account.',
  },
});

export interface DonationForPush {
  id: number;
  category: string;
  description: string;
  quantity_kg: number;
  pickup_until: Date;
}

function formatKm(lang: Lang, km: number) {
  const n = km < 10 ? Math.round(km * 10) / 10 : Math.round(km);
  return `${n.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB')} km`;
}

/** What the phone shows: what, how many kg, how far, until when, in the user's language. */
export function donationPayload(lang: Lang, d: DonationForPush, distanceKm: number): PushPayload {
  const description = d.description.length > 80 ? `${d.description.slice(0, 79)}…` : d.description;
  return {
    title: t(lang, 'push.title', {
      distance: formatKm(lang, distanceKm),
      what: t(lang, `cat.${d.category}`),
    }),
    body: t(lang, 'push.body', {
      kg: Number(d.quantity_kg).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB'),
      description,
      until: formatDateTime(new Date(d.pickup_until), lang),
    }),
    url: `/donations/${d.id}`,
    donationId: d.id,
  };
}

export function testPayload(lang: Lang): PushPayload {
  return {
    title: t(lang, 'push.test.title'),
    body: t(lang, 'push.test.body'),
    url: '/notifications',
    donationId: null,
  };
}

export const asLang = (s: string | null | undefined): Lang => (s === 'en' ? 'en' : 'fr');
