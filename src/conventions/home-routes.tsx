import type { Context } from 'hono';
import { tr } from '../../views/context.js';
import type { SignedInEnv } from '../http/env.js';
import { viewCtx } from '../http/render.js';
import { conventionReminders } from './overview.js';

/**
 * The home page's reminder (see src/app.tsx): a shop under the legal duty is told how many of its
 * associations have no agreement, either side how many proposals wait for its answer.
 */
export async function conventionHomeSection(c: Context<SignedInEnv>) {
  const { db, now } = c.get('deps');
  const r = await conventionReminders(db, c.get('actor'), now());
  if (!r || (!r.missing && !r.toAnswer)) return null;
  const ctx = viewCtx(c);
  return (
    <section id="home-conventions" class="alert warn">
      {r.toAnswer > 0 && <p>{tr(ctx, 'conv.home.to_answer', { n: r.toAnswer })}</p>}
      {r.missing > 0 && <p>{tr(ctx, 'conv.home.duty', { n: r.missing })}</p>}
      <p>
        <a href="/conventions">{tr(ctx, 'conv.title')}</a>
      </p>
    </section>
  );
}
