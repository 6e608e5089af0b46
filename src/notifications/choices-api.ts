import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody } from '../http/api.js';
import type { SignedInEnv } from '../http/env.js';
import { applyChoices, readChoicePage, type ChoicePage } from './choice-form.js';
import { CHANNELS, MESSAGE_KINDS } from './choices.js';

/**
 * PUT /api/v1/me/notifications: the kinds given get exactly the channels given (an empty list:
 * none), the others keep theirs; `quiet` sets the quiet hours, null removes them, absent keeps
 * them. Bounded here; what the caller may choose is checked by applyChoices.
 */
export const choicesApiSchema = z
  .object({
    kinds: z
      .record(
        z.string().max(40, 'err.choice'),
        z.array(z.string().max(10, 'err.choice')).max(CHANNELS.length, 'err.choice'),
        { error: 'err.choice' },
      )
      .refine((k) => Object.keys(k).length <= MESSAGE_KINDS.length, 'err.choice')
      .optional(),
    quiet: z
      .object(
        {
          from: z.string({ error: 'choices.err.time' }).max(5, 'choices.err.time'),
          until: z.string({ error: 'choices.err.time' }).max(5, 'choices.err.time'),
        },
        { error: 'choices.err.time' },
      )
      .nullable()
      .optional(),
  })
  .strict();

/** The same choices as /account/notifications, as JSON. */
function toApi(page: ChoicePage) {
  return {
    kinds: Object.fromEntries(page.kinds.map((k) => [k.kind, k.channels])),
    quiet:
      page.quietFrom && page.quietUntil ? { from: page.quietFrom, until: page.quietUntil } : null,
    available: CHANNELS.filter((c) =>
      c === 'sms' ? page.hasPhone : c === 'push' ? page.hasPush : true,
    ),
  };
}

/** /api/v1/me/notifications: the caller's own choices (mounted after requireUser). */
export const choicesApi = new Hono<SignedInEnv>();

choicesApi.get('/me/notifications', async (c) => {
  const actor = c.get('actor');
  return c.json(toApi(await readChoicePage(c.get('deps').db, actor.user.id, actor.org?.kind)));
});

choicesApi.put('/me/notifications', async (c) => {
  const input = await jsonBody(c, choicesApiSchema);
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  const page = await readChoicePage(db, actor.user.id, actor.org?.kind);
  const names = {
    kind: (k: string) => `kinds.${k}`,
    quietFrom: 'quiet.from',
    quietUntil: 'quiet.until',
  };
  await applyChoices(
    db,
    actor.user.id,
    page,
    { kinds: input.kinds ?? {}, quiet: input.quiet },
    names,
    now(),
  );
  return c.json(toApi(await readChoicePage(db, actor.user.id, actor.org?.kind)));
});
