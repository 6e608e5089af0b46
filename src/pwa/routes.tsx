import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { OfflinePage } from '../../views/pwa/offline.js';
import { webManifest } from './manifest.js';

/**
 * The installable app's files that need no database: the manifest, the offline page the service
 * worker keeps (one per language, by path: `?lang=` would set the visitor's cookie), and
 * /favicon.ico (static/favicon.ico; Workers' assets serve it before the app).
 */
export function pwaRoutes(
  staticFile?: (path: string, req: Request) => Response | Promise<Response>,
) {
  const app = new Hono<AppEnv>();
  app.get('/manifest.webmanifest', (c) => {
    c.header('Content-Type', 'application/manifest+json; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(JSON.stringify(webManifest('fr')));
  });
  app.get('/offline/:lang{fr|en}', (c) => {
    const lang = c.req.param('lang') as 'fr' | 'en';
    c.header('Cache-Control', 'no-cache');
    c.header('Content-Language', lang);
    return c.html(<OfflinePage ctx={{ lang, actor: null, csrf: '', path: '/' }} />);
  });
  if (staticFile) app.get('/favicon.ico', (c) => staticFile('/static/favicon.ico', c.req.raw));
  return app;
}
