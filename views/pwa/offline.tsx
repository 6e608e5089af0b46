import { tr, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';

/** Kept by the service worker and shown in place of a page that could not be loaded. */
export function OfflinePage({ ctx }: { ctx: ViewCtx }) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'pwa.offline.title')} nav={false}>
      <h1>{tr(ctx, 'pwa.offline.title')}</h1>
      <div class="alert" role="status">
        <p>{tr(ctx, 'pwa.offline.body')}</p>
        <p>{tr(ctx, 'pwa.offline.retry')}</p>
      </div>
      {/* href="" is the address that failed: the service worker shows this page in its place */}
      <a class="button" href="">
        {tr(ctx, 'pwa.offline.reload')}
      </a>
    </Layout>
  );
}
