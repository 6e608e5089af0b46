import { Hono } from 'hono';
import type { AppEnv, SignedInEnv } from '../http/env.js';
import { jsonBody } from '../http/api.js';
import { fieldsFromZod } from '../http/errors.js';
import { clientIp } from '../http/middleware.js';
import { ValidationError } from '../shared/errors.js';
import { idParam } from '../shared/ids.js';
import { browseDirectory } from './browse.js';
import { getDirectoryEntry, saveDirectoryEntry } from './entries.js';
import { publishedTerritory } from './listing.js';
import { countDirectoryPage } from './throttle.js';
import { directoryEntrySchema } from './schemas.js';

/** An organisation's directory entry: its members read it, its managers replace it (PUT). */
export const directoryEntryApi = new Hono<SignedInEnv>();

const orgIdParam = (s: string) => idParam(s, 'No such organisation.');

directoryEntryApi.get('/organisations/:id/directory', async (c) => {
  const id = orgIdParam(c.req.param('id'));
  const { entry } = await getDirectoryEntry(c.get('deps').db, c.get('actor'), id);
  return c.json(entry);
});

directoryEntryApi.put('/organisations/:id/directory', async (c) => {
  const id = orgIdParam(c.req.param('id'));
  const input = await jsonBody(c, directoryEntrySchema);
  const { db, now } = c.get('deps');
  const { entry } = await saveDirectoryEntry(db, c.get('actor'), id, input, now());
  return c.json(entry);
});

/**
 * A territory's public directory as JSON, mounted before the API's sign-in check: the same
 * entries, filters and page as its page, counted with its pages (countDirectoryPage).
 */
export function directoryPublicApi() {
  const api = new Hono<AppEnv>();
  api.get('/territories/:id/directory', async (c) => {
    const { db, now } = c.get('deps');
    await countDirectoryPage(db, clientIp(c), now());
    const territory = await publishedTerritory(
      db,
      idParam(c.req.param('id'), 'No such territory.'),
    );
    const { issues, listing } = await browseDirectory(
      db,
      territory,
      c.req.query(),
      c.get('actor'),
      now(),
    );
    if (issues) throw new ValidationError(fieldsFromZod(issues), 'Some values are not valid.');
    c.header('Cache-Control', `private, max-age=${c.get('actor') ? 60 : 300}`);
    c.header('Vary', 'Authorization');
    const { id, name } = territory;
    return c.json({ territory: { id, name }, ...listing });
  });
  return api;
}
