// /notifications: turn push on or off for this device. The page works without this script
// (list of devices, remove, test); only subscribing needs the browser's PushManager. Every state
// (unsupported, blocked, off, on, failed) is one sentence of the page's language, carried by
// #push-state's data attributes: the browser's own error messages (in English) are never shown.
(() => {
  'use strict';
  const box = document.getElementById('this-device');
  if (!box) return;
  const $ = (id) => document.getElementById(id);
  const state = $('push-state');
  const on = $('push-on');
  const off = $('push-off');
  const say = (key) => (state.textContent = state.dataset[key]);
  // the one service worker of the site (static/pwa.js registers it on every page) controls /
  const scope = box.dataset.swScope || '/';
  if (
    !('serviceWorker' in navigator) ||
    !('PushManager' in window) ||
    !('Notification' in window)
  ) {
    say('unsupported');
    return;
  }
  const headers = { 'content-type': 'application/json', 'x-csrf-token': box.dataset.csrf };

  function keyBytes(b64) {
    const s = atob(
      (b64 + '='.repeat((4 - (b64.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/'),
    );
    return Uint8Array.from(s, (c) => c.charCodeAt(0));
  }

  async function registration() {
    const reg =
      (await navigator.serviceWorker.getRegistration(scope)) ||
      (await navigator.serviceWorker.register(box.dataset.sw, { scope }));
    if (reg.active) return reg;
    const worker = reg.installing || reg.waiting;
    await new Promise((resolve) => {
      worker.addEventListener('statechange', () => worker.state === 'activated' && resolve());
      if (worker.state === 'activated') resolve();
    });
    return reg;
  }

  async function current() {
    const reg = await navigator.serviceWorker.getRegistration(scope);
    return reg ? reg.pushManager.getSubscription() : null;
  }

  async function show() {
    const sub = await current();
    const denied = Notification.permission === 'denied';
    on.hidden = !!sub || denied;
    off.hidden = !sub;
    say(denied ? 'denied' : sub ? 'on' : 'off');
  }

  async function turnOn() {
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      await show();
      if (permission !== 'denied') say('refused');
      return;
    }
    const reg = await registration();
    const options = {
      userVisibleOnly: true,
      applicationServerKey: keyBytes(box.dataset.publicKey),
    };
    let sub;
    try {
      sub = await reg.pushManager.subscribe(options);
    } catch (e) {
      // subscribed earlier with another key: start again
      const old = await reg.pushManager.getSubscription();
      if (!old) throw e;
      await old.unsubscribe();
      sub = await reg.pushManager.subscribe(options);
    }
    const res = await fetch(box.dataset.endpoint, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify(sub.toJSON()),
    });
    if (!res.ok) {
      await sub.unsubscribe();
      // the server's message is in the page's language already
      const body = await res.json().catch(() => null);
      const msg =
        body && body.error && (Object.values(body.error.fields || {})[0] || body.error.message);
      if (msg) state.textContent = msg;
      else say('failed');
      return;
    }
    location.reload(); // the list of devices now shows this one
  }

  async function turnOff() {
    const sub = await current();
    if (sub) {
      await fetch(box.dataset.endpoint, {
        method: 'DELETE',
        headers,
        credentials: 'same-origin',
        body: JSON.stringify({ endpoint: sub.endpoint }),
      });
      await sub.unsubscribe();
    }
    location.reload();
  }

  // a browser error ("Registration failed - permission denied", a push service unreachable):
  // the state as it is, then what happened in the page's words
  const guard = (fn) => () =>
    fn().catch(async () => {
      await show().catch(() => undefined);
      const p = Notification.permission;
      // granted, yet refused: the push service (or the browser's own state) failed, not the user
      say(p === 'denied' ? 'denied' : p === 'granted' ? 'failed' : 'refused');
    });
  on.addEventListener('click', guard(turnOn));
  off.addEventListener('click', guard(turnOff));
  show().catch(() => say('unsupported'));
})();
