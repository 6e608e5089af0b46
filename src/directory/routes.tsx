import { Hono, type Context } from 'hono';
import { DirectoryEntryPage, entryValues } from '../../views/directory/entry.js';
import type { FormValues } from '../../views/context.js';
import { canManage } from '../accounts/actor.js';
import type { SignedInEnv } from '../http/env.js';
import { fieldsFromZod } from '../http/errors.js';
import { formBody, viewCtx } from '../http/render.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import { lastOf } from '../shared/form.js';
import { idParam } from '../shared/ids.js';
import { getDirectoryEntry, saveDirectoryEntry } from './entries.js';
import { territoriesListing } from './listing.js';
import { directoryEntrySchema, directoryFromForm } from './schemas.js';

export const directoryRoutes = new Hono<SignedInEnv>();

/** One message per input: `services.1` belongs to `services`. */
const oneEach = (fields: Record<string, string>) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k.split('.')[0]!] ??= v;
  return out;
};

/** The entry's page: only its managers (or the admin) choose what is public. */
async function entryPage(
  c: Context<SignedInEnv>,
  id: number,
  form?: { values: FormValues; errors: Record<string, string> },
) {
  const { db } = c.get('deps');
  const { org, entry } = await getDirectoryEntry(db, c.get('actor'), id);
  if (!canManage(c.get('actor'), id)) throw new ForbiddenError();
  const territories = org.kind === 'territory' ? [] : await territoriesListing(db, id);
  const page = (
    <DirectoryEntryPage
      ctx={viewCtx(c)}
      org={org}
      values={form?.values ?? entryValues(entry)}
      errors={form?.errors}
      saved={!form && c.req.query('saved') === '1'}
      territories={org.kind === 'territory' && entry.listed ? [org] : territories}
      shown={entry.listed && (org.kind !== 'association' || org.approved)}
    />
  );
  return c.html(page, form ? 422 : 200);
}

directoryRoutes.get('/organisations/:id/directory', (c) =>
  entryPage(c, idParam(c.req.param('id'))),
);

directoryRoutes.post('/organisations/:id/directory', async (c) => {
  const id = idParam(c.req.param('id'));
  const raw = await formBody(c);
  const form = directoryFromForm(raw);
  const parsed = directoryEntrySchema.safeParse(form);
  // a refused form comes back as typed
  const values = { ...form, newBeneficiaries: lastOf(raw, 'newBeneficiaries') ?? '' };
  if (!parsed.success)
    return entryPage(c, id, { values, errors: oneEach(fieldsFromZod(parsed.error.issues)) });
  const { db, now } = c.get('deps');
  try {
    await saveDirectoryEntry(db, c.get('actor'), id, parsed.data, now());
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return entryPage(c, id, { values, errors: e.fields });
  }
  return c.redirect(`/organisations/${id}/directory?saved=1`, 303);
});
