import { Hono, type Context } from 'hono';
import { DirectoryPage, TerritoriesPage } from '../../views/directory/territory.js';
import type { AppEnv } from '../http/env.js';
import { fieldsFromZod } from '../http/errors.js';
import { clientIp } from '../http/middleware.js';
import { viewCtx } from '../http/render.js';
import { tilesOf } from '../maps/tiles.js';
import { idParam } from '../shared/ids.js';
import { listPublishedTerritories, publishedTerritory } from './listing.js';
import { browseDirectory } from './browse.js';
import { countDirectoryPage } from './throttle.js';

/**
 * Public pages, no sign-in: they hold only what each organisation chose. Kept by the browser a
 * few minutes, never by a shared cache (each page carries its reader's CSRF token and menu).
 */
function cacheable(c: Context<AppEnv>) {
  c.header('Cache-Control', `private, max-age=${c.get('actor') ? 60 : 300}`);
  c.header('Vary', 'Cookie, Accept-Language');
}

export function directoryPublicRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/territories', async (c) => {
    const territories = await listPublishedTerritories(c.get('deps').db);
    cacheable(c);
    return c.html(<TerritoriesPage ctx={viewCtx(c)} territories={territories} />);
  });

  routes.get('/territories/:id/directory', async (c) => {
    const { db, now, config } = c.get('deps');
    await countDirectoryPage(db, clientIp(c), now());
    const territory = await publishedTerritory(db, idParam(c.req.param('id')));
    const values = c.req.query();
    const result = await browseDirectory(db, territory, values, c.get('actor'), now());
    const errors = result.issues ? fieldsFromZod(result.issues) : undefined;
    cacheable(c);
    return c.html(
      <DirectoryPage
        ctx={viewCtx(c)}
        territory={territory}
        values={values}
        errors={errors}
        tiles={tilesOf(config)}
        {...result.listing}
      />,
      errors ? 422 : 200,
    );
  });

  return routes;
}
