// Registers the site's service worker (static/sw.js): offline page, kept shell, push.
'use strict';
if ('serviceWorker' in navigator)
  navigator.serviceWorker.register('/static/sw.js', { scope: '/' }).catch(() => {});
