// A "copy" button next to a read-only field: data-copy names the field, data-copied the word
// shown once copied. Without this script the button stays hidden and the field can be selected.
(() => {
  'use strict';
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const field = document.getElementById(button.dataset.copy);
    if (!field) continue;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        button.textContent = button.dataset.copied;
        setTimeout(() => (button.textContent = label), 2000);
      } catch {
        field.select();
      }
    });
  }
})();
