import { tr, type ViewCtx } from './context.js';
import { Layout } from './layout.js';

/**
 * A page asked with values in its address that it cannot read (?year=abc): what was wrong, in the
 * page's language, and the same page without them. Forms that show their own filters handle their
 * errors next to the field; this is the one fallback for the rest (src/app.tsx's onError).
 */
export function BadQueryPage(props: {
  ctx: ViewCtx;
  fields: Record<string, string>;
  path: string;
}) {
  const { ctx } = props;
  const messages = Object.values(props.fields).map((m) => tr(ctx, m));
  return (
    <Layout ctx={ctx} title={tr(ctx, 'err.query')}>
      <h1>{tr(ctx, 'err.query')}</h1>
      <div class="alert error" role="alert" id="query-errors">
        <ul>
          {(messages.length ? messages : [tr(ctx, 'err.query_hint')]).map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      </div>
      <p>
        <a class="button" href={props.path}>
          {tr(ctx, 'err.query_reset')}
        </a>
      </p>
    </Layout>
  );
}

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
