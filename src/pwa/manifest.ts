import { t, type Lang } from '../i18n/index.js';

export const THEME_COLOR = '#0b6e4f';

/** The Web App Manifest: what a phone needs to install the site as an app (French first). */
export function webManifest(lang: Lang = 'fr') {
  return {
    name: t(lang, 'app.name'),
    short_name: t(lang, 'app.name'),
    description: t(lang, 'pwa.description'),
    id: '/',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    lang,
    dir: 'ltr',
    theme_color: THEME_COLOR,
    background_color: '#ffffff',
    categories: ['food', 'social'],
    icons: [
      { src: '/static/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/static/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      {
        src: '/static/icons/maskable-192.png',
        sizes: '192x192',
        type: 'image/png',
        purpose: 'maskable',
      },
      {
        src: '/static/icons/maskable-512.png',
        sizes: '512x512',
        type: 'image/png',
        purpose: 'maskable',
      },
      { src: '/static/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  };
}
