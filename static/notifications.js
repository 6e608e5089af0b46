// /notifications: turn push on or off for this device. The page works without this script
// (list of devices, remove, test); only subscribing needs the browser's PushManager.
(() => {
  'use strict';
  const box = document.getElementById('this-device');
  if (!box) return;
  const $ = (id) => document.getElementById(id);
  const state = $('push-state');
  const on = $('push-on');
  const off = $('push-off');
  // the one service worker of the site (static/pwa.js registers it on every page) controls /
  const scope = box.dataset.swScope || '/';
  if (
    !('serviceWorker' in navigator) ||
    !('PushManager' in window) ||
    !('Notification' in window)
  ) {
    $('push-unsupported').hidden = false;
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
    $('push-denied').hidden = Notification.permission !== 'denied';
    on.hidden = !!sub || Notification.permission === 'denied';
    off.hidden = !sub;
    state.textContent = sub ? on.dataset.state : off.dataset.state;
  }

  async function turnOn() {
    if ((await Notification.requestPermission()) !== 'granted') return show();
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
      const body = await res.json().catch(() => null);
      state.textContent =
        (body && body.error && (Object.values(body.error.fields || {})[0] || body.error.message)) ||
        `HTTP ${res.status}`;
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

  const guard = (fn) => () =>
    fn().catch((e) => (state.textContent = String((e && e.message) || e)));
  on.addEventListener('click', guard(turnOn));
  off.addEventListener('click', guard(turnOff));
  show().catch(() => ($('push-unsupported').hidden = false));
})();
