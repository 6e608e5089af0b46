// The posting form's photo: shrunk in the phone's browser before it is sent (at most 1600 px a
// side, JPEG), so a 4 MB camera file goes as a few hundred KB, and shown as a small preview. The
// orientation the camera wrote is applied while drawing; the server strips what metadata is left.
// If anything fails here the original file is sent and the server's limits apply.
(function () {
  'use strict';
  var MAX_SIDE = 1600;
  var input = document.querySelector('input[data-shrink-photo]');
  if (!input || !window.createImageBitmap || !window.DataTransfer) return;
  var preview = document.getElementById('f-photo-preview');
  var busy = false;
  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    if (busy || !file || !/^image\//.test(file.type)) return;
    busy = true;
    createImageBitmap(file, { imageOrientation: 'from-image' })
      .then(function (bitmap) {
        var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
        var canvas = document.createElement('canvas');
        canvas.width = Math.max(1, Math.round(bitmap.width * scale));
        canvas.height = Math.max(1, Math.round(bitmap.height * scale));
        canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        if (bitmap.close) bitmap.close();
        return new Promise(function (resolve) {
          canvas.toBlob(
            function (blob) {
              resolve({ blob: blob, canvas: canvas });
            },
            'image/jpeg',
            0.82,
          );
        });
      })
      .then(function (r) {
        if (!r.blob) return;
        var name = (file.name || 'photo').replace(/\.[^.]*$/, '') + '.jpg';
        var dt = new DataTransfer();
        dt.items.add(new File([r.blob], name, { type: 'image/jpeg' }));
        input.files = dt.files;
        if (preview) {
          var small = document.createElement('canvas');
          var s = Math.min(1, 160 / Math.max(r.canvas.width, r.canvas.height));
          small.width = Math.round(r.canvas.width * s);
          small.height = Math.round(r.canvas.height * s);
          small.getContext('2d').drawImage(r.canvas, 0, 0, small.width, small.height);
          preview.src = small.toDataURL('image/jpeg', 0.7);
          preview.hidden = false;
        }
      })
      .catch(function () {
        /* the original file stays chosen */
      })
      .then(function () {
        busy = false;
      });
  });
})();
