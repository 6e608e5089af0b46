// The invitation link on the members page: "copy" and "share" buttons added only where the
// browser can do them (navigator.clipboard, navigator.share), into the element that carries their
// words; without them the field stays, to select and copy by hand. No inline script: the
// Content-Security-Policy forbids it.
(function () {
  'use strict';
  function button(label) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.textContent = label;
    return b;
  }
  document.querySelectorAll('[data-share-url]').forEach(function (box) {
    var field = document.querySelector(box.getAttribute('data-copy'));
    if (field && navigator.clipboard && window.isSecureContext) {
      var copy = button(box.getAttribute('data-copy-label'));
      copy.setAttribute('data-copy', '');
      copy.addEventListener('click', function () {
        navigator.clipboard.writeText(field.value).then(
          function () {
            copy.textContent = box.getAttribute('data-copied-label');
          },
          function () {
            field.select();
          },
        );
      });
      box.appendChild(copy);
    }
    if (typeof navigator.share === 'function') {
      var share = button(box.getAttribute('data-share-label'));
      share.setAttribute('data-share', '');
      share.addEventListener('click', function () {
        var title = box.getAttribute('data-share-title') || '';
        navigator
          .share({ title: title, text: title, url: box.getAttribute('data-share-url') })
          .catch(function () {
            // dismissed by the person: nothing to do
          });
      });
      box.appendChild(share);
    }
  });
})();
