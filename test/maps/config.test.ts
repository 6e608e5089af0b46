import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { assets } from '../../src/assets.js';
import { ConfigError, readConfig } from '../../src/config.js';
import { nodeStatic } from '../../src/http/static-node.js';
import { tilesOrigin } from '../../src/maps/tiles.js';

describe('MAP_TILES_URL', () => {
  it('is OpenStreetMap’s standard tiles by default, with their attribution', () => {
    expect(readConfig({}).mapTiles).toEqual({
      url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: null,
    });
  });

  it('takes a tile server of one host, and an attribution as plain text', () => {
    const c = readConfig({
      MAP_TILES_URL: 'https://tuiles.example.org:8443/osm/{z}/{x}/{y}.png?key=abc',
      MAP_TILES_ATTRIBUTION: '  © Nos tuiles, données OpenStreetMap  ',
    });
    expect(c.mapTiles).toEqual({
      url: 'https://tuiles.example.org:8443/osm/{z}/{x}/{y}.png?key=abc',
      attribution: '© Nos tuiles, données OpenStreetMap',
    });
    expect(tilesOrigin(c.mapTiles.url)).toBe('https://tuiles.example.org:8443');
  });

  it.each([
    ['not a URL', 'tiles/{z}/{x}/{y}.png'],
    ['another scheme', 'ftp://tiles.example.org/{z}/{x}/{y}.png'],
    [
      '{s} subdomains (the policy would need a wildcard)',
      'https://{s}.tile.example.org/{z}/{x}/{y}.png',
    ],
    ['no {y}', 'https://tiles.example.org/{z}/{x}.png'],
    ['javascript:', 'javascript:alert(1)//{z}/{x}/{y}'],
  ])('refuses %s at start', (_, url) => {
    expect(() => readConfig({ MAP_TILES_URL: url })).toThrow(ConfigError);
  });
});

describe('Leaflet served from static/', () => {
  const dist = 'node_modules/leaflet/dist';
  const version = JSON.parse(readFileSync('node_modules/leaflet/package.json', 'utf8')).version;

  it('is the npm package’s own files, named with its version', () => {
    expect(assets.leaflet).toBe(`/static/leaflet-${version}.js`);
    expect(assets.leafletCss).toBe(`/static/leaflet-${version}.css`);
    expect(readFileSync(join('.', assets.leaflet))).toEqual(readFileSync(join(dist, 'leaflet.js')));
    expect(readFileSync(join('.', assets.leafletCss))).toEqual(
      readFileSync(join(dist, 'leaflet.css')),
    );
    // leaflet.css finds its images beside it, in images/
    for (const image of readdirSync(join(dist, 'images')))
      expect(readFileSync(join('static/images', image)), image).toEqual(
        readFileSync(join(dist, 'images', image)),
      );
  });

  it('Node serves the script for a year and the images revalidated', async () => {
    const app = new Hono();
    app.use('/static/*', nodeStatic());
    const js = await app.request(assets.leaflet);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await app.request('/static/images/marker-icon.png');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/png');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    const map = await app.request('/static/map.js');
    expect(map.status).toBe(200);
  });
});
