// The site's one service worker (scope /, served with Service-Worker-Allowed: /):
// - keeps the shell (stylesheet, scripts, icons) and an offline page in French and in English,
//   shown in the page's language when a navigation cannot reach the server;
// - shows pushed donations and opens them when tapped. Payload (JSON): {title, body, url,
//   donationId}. One notification per donation: a message that arrives twice (a retry after a push
//   service failed to answer) replaces the first, silently.
// Pages, API answers and forms are never cached: only GETs of /static/ files and the offline pages.
'use strict';

const SHELL = 'shell-v1';
const OFFLINE = { fr: '/offline/fr', en: '/offline/en' };
const LANG_KEY = '/__sw/lang';
const ICONS = ['/static/icons/icon-192.png', '/static/icons/icon.svg', '/favicon.ico'];
const FINGERPRINTED = /-[0-9a-f.]{5,}(\.min)?\.(js|css)$/;

/** Stores the offline pages and what they load (their stylesheet and scripts). */
async function keepShell() {
  const cache = await caches.open(SHELL);
  await cache.addAll([OFFLINE.fr, OFFLINE.en, ...ICONS]);
  const html = await (await cache.match(OFFLINE.fr)).text();
  const linked = [...html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1]);
  await cache.addAll([...new Set(linked)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(keepShell().then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) =>
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== SHELL) await caches.delete(name);
      await self.clients.claim();
    })(),
  ),
);

/** A new fingerprinted file replaces its older versions (app-<hash>.css...). */
async function put(cache, request, response) {
  const path = new URL(request.url).pathname;
  if (FINGERPRINTED.test(path)) {
    const stem = path.replace(FINGERPRINTED, '');
    for (const old of await cache.keys()) {
      const p = new URL(old.url).pathname;
      if (p !== path && FINGERPRINTED.test(p) && p.replace(FINGERPRINTED, '') === stem)
        await cache.delete(old);
    }
  }
  await cache.put(request, response);
}

/** Fingerprinted files never change: the cache first. The others: the network, then the cache. */
async function staticFile(event) {
  const cache = await caches.open(SHELL);
  const path = new URL(event.request.url).pathname;
  if (FINGERPRINTED.test(path)) {
    const hit = await cache.match(event.request);
    if (hit) return hit;
  }
  try {
    const res = await fetch(event.request);
    if (res.ok) event.waitUntil(put(cache, event.request, res.clone()));
    return res;
  } catch (e) {
    const hit = await cache.match(event.request);
    if (hit) return hit;
    throw e;
  }
}

async function langOf(url) {
  const asked = url.searchParams.get('lang');
  if (asked === 'fr' || asked === 'en') return asked;
  const cache = await caches.open(SHELL);
  const seen = await cache.match(LANG_KEY);
  const lang = seen ? await seen.text() : '';
  return lang === 'en' ? 'en' : 'fr';
}

async function navigation(event) {
  try {
    const res = await fetch(event.request);
    const lang = res.headers.get('content-language');
    if (lang === 'fr' || lang === 'en')
      event.waitUntil(caches.open(SHELL).then((cache) => cache.put(LANG_KEY, new Response(lang))));
    return res;
  } catch (e) {
    const page = await caches.match(OFFLINE[await langOf(new URL(event.request.url))]);
    if (page) return page;
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') return event.respondWith(navigation(event));
  if (url.pathname.startsWith('/static/') || url.pathname === '/favicon.ico')
    event.respondWith(staticFile(event));
});

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
      icon: '/static/icons/icon-192.png',
      image:
        typeof data.image === 'string' && data.image.indexOf('/photos/') === 0
          ? data.image
          : undefined,
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
