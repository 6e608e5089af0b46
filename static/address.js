// The address field (views/components/address-field.tsx): "Je suis sur place" asks the browser
// for its position and the server to name it (GET /places/here), and the answer replaces the
// suggestions, checked. Without this script the button stays hidden and the form works as it is.
(() => {
  'use strict';
  const button = document.getElementById('place-here');
  if (!button || !('geolocation' in navigator)) return;
  const address = document.getElementById('f-address');
  button.hidden = false;

  function show(html) {
    const box = document.getElementById('address-choices');
    box.outerHTML = html;
    const checked = document.querySelector('#address-choices input[name="place"]:checked');
    if (checked && address) address.value = checked.parentElement.textContent.trim();
    const now = document.getElementById('address-choices');
    if (window.htmx && now) window.htmx.process(now);
  }

  function denied() {
    const p = document.createElement('p');
    p.className = 'error';
    p.id = 'f-address-err';
    p.textContent = button.dataset.denied;
    const box = document.getElementById('address-choices');
    box.replaceChildren(p);
  }

  button.addEventListener('click', () => {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      async (pos) => {
        const q = new URLSearchParams({
          lat: String(pos.coords.latitude),
          lng: String(pos.coords.longitude),
        });
        try {
          const res = await fetch(`${button.dataset.url}?${q}`, {
            headers: { accept: 'text/html' },
          });
          show(await res.text());
        } catch {
          denied();
        } finally {
          button.disabled = false;
        }
      },
      () => {
        button.disabled = false;
        denied();
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
})();
