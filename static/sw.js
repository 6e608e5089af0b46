// Service worker: shows pushed donations and opens them when tapped.
// Payload (JSON): {title, body, url, donationId}. One notification per donation: a message that
// arrives twice (a retry after a push service failed to answer) replaces the first, silently.
'use strict';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

function sameOrigin(url) {
  try {
    const u = new URL(url || '/', self.location.origin);
    return u.origin === self.location.origin ? u.href : new URL('/', self.location.origin).href;
  } catch (e) {
    return new URL('/', self.location.origin).href;
  }
}

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { body: event.data ? event.data.text() : '' };
  }
  const url = sameOrigin(data.url);
  const tag = data.donationId ? `donation-${data.donationId}` : 'surplus-link';
  event.waitUntil(
    self.registration.showNotification(data.title || 'Surplus Link', {
      body: data.body || '',
      tag,
      renotify: false,
      lang: data.lang || undefined,
      data: { url, donationId: data.donationId || null },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = sameOrigin(event.notification.data && event.notification.data.url);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const w of windows) if (w.url === url && 'focus' in w) return w.focus();
      return self.clients.openWindow(url);
    })(),
  );
});
