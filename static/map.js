// Draws each .map[data-map] with Leaflet (/static/leaflet-*.js, loaded before this file). The
// data is JSON written by views/maps/map.tsx: tiles, attribution and markers. Names are user
// input: they are set with textContent, never as HTML. Labels stay shown (permanent tooltips), so
// a phone needs no hover; a marker with a page opens it when tapped.
(() => {
  'use strict';
  const COLOURS = {
    donation: '#0b6e4f',
    shop: '#0b6e4f',
    association: '#1d4f91',
  };

  const text = (tag, value, className) => {
    const el = document.createElement(tag);
    el.textContent = value;
    if (className) el.className = className;
    return el;
  };

  /** Only paths of this site: never a link elsewhere, whatever the data says. */
  const samePath = (href) => typeof href === 'string' && /^\/(?!\/)/.test(href);

  function attributionHtml(a) {
    const el = a.href ? text('a', a.text) : text('span', a.text);
    if (a.href) el.href = a.href;
    return el.outerHTML;
  }

  function marker(m) {
    const at = [m.lat, m.lng];
    const layer =
      m.kind === 'self'
        ? L.marker(at, { title: m.label, alt: m.label, keyboard: true })
        : L.circleMarker(at, {
            radius: 9,
            color: '#ffffff',
            weight: 2,
            fillColor: COLOURS[m.kind] || COLOURS.donation,
            fillOpacity: 0.9,
          });
    layer.bindTooltip(text('span', m.label), {
      permanent: true,
      direction: m.kind === 'self' ? 'bottom' : 'top',
      offset: m.kind === 'self' ? [0, 4] : [0, -8],
      className: `map-label map-label-${m.kind}`,
      interactive: samePath(m.href),
    });
    if (samePath(m.href)) {
      // a tap on the label reaches the marker too: go once
      let going = false;
      const open = () => {
        if (!going) window.location.assign(m.href);
        going = true;
      };
      layer.on('click', open);
      layer.getTooltip().on('click', open);
    }
    return layer;
  }

  function draw(el) {
    if (el.dataset.mapDrawn || !window.L) return;
    let data;
    try {
      data = JSON.parse(el.dataset.map);
    } catch {
      return;
    }
    el.dataset.mapDrawn = '1';
    el.replaceChildren();
    el.classList.add('map-drawn');
    const map = L.map(el, { scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: attributionHtml(data.attribution) }).addTo(
      map,
    );
    const points = [];
    const layers = [];
    for (const m of data.markers) {
      layers.push(marker(m).addTo(map));
      points.push([m.lat, m.lng]);
    }
    if (points.length === 1) map.setView(points[0], 16);
    else if (points.length) map.fitBounds(points, { padding: [48, 48], maxZoom: 16 });
    else map.setView([46.6, 2.4], 5); // France, when there is nothing to show yet
    const tidy = () => declutter(layers.map((l) => l.getTooltip()));
    tidy();
    map.on('zoomend', tidy);
  }

  const overlap = (a, b) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

  /**
   * Labels of nearby shops would cover each other: each label takes the first side of its marker
   * (above, below, right, left) where it covers no label placed before it.
   */
  function declutter(tooltips) {
    const placed = [];
    for (const tip of tooltips) {
      const first = tip.options.direction;
      const sides = [first, ...['top', 'bottom', 'right', 'left'].filter((d) => d !== first)];
      let best = null;
      for (const side of sides) {
        tip.options.direction = side;
        tip.options.offset = side === 'top' ? [0, -8] : side === 'bottom' ? [0, 8] : [0, 0];
        tip.update();
        const box = tip.getElement().getBoundingClientRect();
        if (!placed.some((p) => overlap(p, box))) {
          best = box;
          break;
        }
      }
      if (!best) {
        tip.options.direction = first;
        tip.update();
        best = tip.getElement().getBoundingClientRect();
      }
      placed.push(best);
    }
  }

  document.querySelectorAll('.map[data-map]').forEach(draw);
})();
