// A destructive tap that is not a donation's (ending a series, withdrawing an approval...) lands
// here first when it was posted without `confirmed=yes`: what will happen, then one button that
// posts again with it, and a way back. Works without JavaScript, like views/donations/confirm.tsx.
import { tr, type ViewCtx } from '../context.js';
import { Csrf } from './fields.js';
import { Layout } from '../layout.js';

export function ConfirmActionPage(props: {
  ctx: ViewCtx;
  title: string;
  text: string;
  yes: string;
  action: string;
  back: string;
  /** fields the action needs besides the confirmation */
  hidden?: Record<string, string>;
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      <form method="post" action={props.action} class="card" id="confirm-form">
        <Csrf ctx={ctx} />
        <input type="hidden" name="confirmed" value="yes" />
        {Object.entries(props.hidden ?? {}).map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        <button type="submit" class="danger">
          {props.yes}
        </button>
      </form>
      <p>
        <a class="button secondary" href={props.back}>
          {tr(ctx, 'don.confirm.back')}
        </a>
      </p>
    </Layout>
  );
}
