import { tr, type ViewCtx } from './context.js';
import { Layout } from './layout.js';

export function ErrorPage({ ctx, message }: { ctx: ViewCtx; message: string }) {
  return (
    <Layout ctx={ctx} title={tr(ctx, message)}>
      <div class="alert error" role="alert">
        {tr(ctx, message)}
      </div>
      <p>
        <a href="/">{tr(ctx, 'nav.home')}</a>
      </p>
    </Layout>
  );
}
