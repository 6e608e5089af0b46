// The platform admin's part of the home page: the approvals waiting, and the way to them.
import { tr, type ViewCtx } from '../context.js';
import { plural } from '../stats/format.js';

export function AdminHome({ ctx, pending }: { ctx: ViewCtx; pending: number }) {
  return (
    <section id="home-admin">
      {pending ? (
        <>
          <p id="home-admin-pending">
            {tr(ctx, `admin.home.pending.${plural(ctx, pending)}`, { n: pending })}
          </p>
          <p>
            <a class="button" href="/admin/organisations?pending=1">
              {tr(ctx, 'admin.home.review')}
            </a>
          </p>
        </>
      ) : (
        <p id="home-admin-pending">{tr(ctx, 'admin.home.none_pending')}</p>
      )}
    </section>
  );
}
