// Both htmx and its SSE extension load deferred; htmx may process the page before the extension
// registers, and then the SSE connection is never opened. Process those elements once more.
(() => {
  'use strict';
  const connect = () =>
    document.querySelectorAll('[hx-sse\\:connect]').forEach((el) => {
      if (!el.dataset.liveProcessed && !(el._htmx && el._htmx.sse)) {
        el.dataset.liveProcessed = '1';
        window.htmx && window.htmx.process(el);
      }
    });
  setTimeout(connect); // after htmx's own first pass
})();
