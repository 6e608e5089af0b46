import type { Child } from 'hono/jsx';
import { tr, type ViewCtx } from '../context.js';

/**
 * A wide table on a phone scrolls sideways inside its box, not the page. The box is a named
 * region that takes the focus, so that keyboard users can scroll it too (WCAG 2.1.1; axe's
 * scrollable-region-focusable).
 */
export function TableScroll({
  ctx,
  title,
  children,
}: {
  ctx: ViewCtx;
  title: string;
  children: Child;
}) {
  return (
    <div
      class="table-wrap"
      tabindex={0}
      role="region"
      aria-label={tr(ctx, 'stats.table_scroll', { title })}
    >
      {children}
    </div>
  );
}
