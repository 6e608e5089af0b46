// The invitation link on the members page: "copy" and "share" buttons shown only where the
// browser can do them (navigator.clipboard, navigator.share); without them the field stays, to
// select and copy by hand. No inline script: the Content-Security-Policy forbids it.
(function () {
  'use strict';
  function copied(button) {
    var note = button.parentElement && button.parentElement.querySelector('[data-copied]');
    if (note) note.hidden = false;
  }
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    var field = document.querySelector(button.getAttribute('data-copy'));
    if (!field || !navigator.clipboard || !window.isSecureContext) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          copied(button);
        },
        function () {
          field.select();
        },
      );
    });
  });
  document.querySelectorAll('[data-share-url]').forEach(function (button) {
    if (typeof navigator.share !== 'function') return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var title = button.getAttribute('data-share-title') || '';
      navigator
        .share({ title: title, text: title, url: button.getAttribute('data-share-url') })
        .catch(function () {
          // dismissed by the person: nothing to do
        });
    });
  });
})();
