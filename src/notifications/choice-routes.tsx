import { Hono } from 'hono';
import { ChoicesPage } from '../../views/notifications/choices.js';
import type { SignedInEnv } from '../http/env.js';
import { formBody, viewCtx } from '../http/render.js';
import { ValidationError } from '../shared/errors.js';
import { readChoicePage, saveChoiceForm } from './choice-form.js';

/** /account/notifications: who is told what, and how (choices.ts), by a plain form. */
export const choiceRoutes = new Hono<SignedInEnv>();

choiceRoutes.get('/account/notifications', async (c) => {
  const actor = c.get('actor');
  const page = await readChoicePage(c.get('deps').db, actor.user.id, actor.org?.kind);
  return c.html(<ChoicesPage ctx={viewCtx(c)} page={page} saved={c.req.query('saved') === '1'} />);
});

choiceRoutes.post('/account/notifications', async (c) => {
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  const form = await formBody(c);
  const page = await readChoicePage(db, actor.user.id, actor.org?.kind);
  try {
    await saveChoiceForm(db, actor.user.id, page, form, now());
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const errors = e.fields ?? {};
    return c.html(<ChoicesPage ctx={viewCtx(c)} page={page} errors={errors} values={form} />, 422);
  }
  return c.redirect('/account/notifications?saved=1', 303);
});
