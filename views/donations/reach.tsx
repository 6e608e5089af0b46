// What the shop reads on its open donation when no association can take it: each reason in a
// sentence, with the figure that would help (the nearest, the smallest minimum...), worded as the
// shop's "nobody took it" mail words it.
import { reachSentence } from '../../src/donations/mail-templates.js';
import type { Reach } from '../../src/donations/reach.js';
import { tr, type ViewCtx } from '../context.js';

/** Nothing when some association can take the donation. */
export function NobodyCanTake({ ctx, reach }: { ctx: ViewCtx; reach: Reach | null }) {
  if (!reach || reach.associations > 0) return null;
  return (
    <section class="alert error" role="status" id="reach">
      <h2>{tr(ctx, 'don.reach.title')}</h2>
      <ul>
        {reach.reasons.map((r) => (
          <li>{reachSentence(ctx.lang, r)}</li>
        ))}
      </ul>
      <p>{tr(ctx, 'don.reach.still_open')}</p>
    </section>
  );
}
