// The status badge every list and page of donations shows next to a donation's description.
import { tr, type ViewCtx } from '../context.js';

export const Status = ({ ctx, status }: { ctx: ViewCtx; status: string }) => (
  <span class={`badge status-${status}`}>{tr(ctx, `don.status.${status}`)}</span>
);
