// What the shop reads on its open donation when no association can take it: each reason in a
// sentence, with the figure that would help (the nearest, the smallest minimum...).
import type { Reach, ReachReason } from '../../src/donations/reach.js';
import { tr, type ViewCtx } from '../context.js';
import { formatNumber } from '../../src/i18n/format.js';
import { kg } from './format.js';

/** One sentence for a reason; `n` picks the singular or the plural wording. */
function reasonText(ctx: ViewCtx, r: ReachReason): string {
  const say = (key: string, n: number, vars: Record<string, string | number> = {}) =>
    tr(ctx, `${key}.${n === 1 ? 'one' : 'many'}`, { n, ...vars });
  switch (r.rule) {
    case 'none_approved':
      return [
        tr(ctx, 'don.reach.none_approved'),
        r.waiting ? say('don.reach.waiting', r.waiting) : '',
      ]
        .join(' ')
        .trim();
    case 'radius':
      return say('don.reach.radius', r.associations, {
        km: formatNumber(ctx.lang, r.nearestKm, 1),
      });
    case 'category':
      return say('don.reach.category', r.associations);
    case 'storage':
      return say(`don.reach.storage.${r.storage}`, r.associations);
    case 'min_kg':
      return say('don.reach.min_kg', r.atKg, { kg: kg(ctx, r.kg) });
    case 'max_kg':
      return say('don.reach.max_kg', r.atKg, { kg: kg(ctx, r.kg) });
    case 'same_day':
      return say('don.reach.same_day', r.associations);
  }
}

/** Nothing when some association can take the donation. */
export function NobodyCanTake({ ctx, reach }: { ctx: ViewCtx; reach: Reach | null }) {
  if (!reach || reach.associations > 0) return null;
  return (
    <section class="alert error" role="status" id="reach">
      <h2>{tr(ctx, 'don.reach.title')}</h2>
      <ul>
        {reach.reasons.map((r) => (
          <li>{reasonText(ctx, r)}</li>
        ))}
      </ul>
      <p>{tr(ctx, 'don.reach.still_open')}</p>
    </section>
  );
}
