import { tr, type ViewCtx } from '../context.js';
import { Csrf } from '../components/fields.js';
import { Layout } from '../layout.js';
import { when } from '../donations/format.js';

export interface TokenRow {
  id: number;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
}

/** The person's API tokens: made, expiring, last used, each with a revoke button (no JS needed). */
export function TokensPage({
  ctx,
  tokens,
  days,
  created,
  revoked,
}: {
  ctx: ViewCtx;
  tokens: TokenRow[];
  days: number;
  created?: string;
  revoked?: boolean;
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'tokens.title')}>
      <h1>{tr(ctx, 'tokens.title')}</h1>
      <p>{tr(ctx, 'tokens.intro', { days })}</p>
      {created && (
        <div class="alert ok" role="status">
          <p>{tr(ctx, 'tokens.created')}</p>
          <input readonly value={created} aria-label={tr(ctx, 'tokens.title')} class="copy" />
        </div>
      )}
      {revoked && (
        <div class="alert ok" role="status">
          {tr(ctx, 'tokens.revoked')}
        </div>
      )}
      {tokens.length === 0 ? (
        <p>{tr(ctx, 'tokens.none')}</p>
      ) : (
        <table class="table" id="tokens">
          <thead>
            <tr>
              <th>{tr(ctx, 'tokens.created_at')}</th>
              <th>{tr(ctx, 'tokens.expires_at')}</th>
              <th>{tr(ctx, 'tokens.last_used')}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr id={`token-${t.id}`}>
                <td>{when(ctx, t.created_at)}</td>
                <td>{when(ctx, t.expires_at)}</td>
                <td>{t.last_used_at ? when(ctx, t.last_used_at) : tr(ctx, 'tokens.never')}</td>
                <td>
                  <form method="post" action={`/account/tokens/${t.id}/revocation`} class="inline">
                    <Csrf ctx={ctx} />
                    <button type="submit">{tr(ctx, 'tokens.revoke')}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/account/tokens" class="card">
        <Csrf ctx={ctx} />
        <button type="submit">{tr(ctx, 'tokens.create')}</button>
      </form>
      <p>
        <a href="/account">{tr(ctx, 'account.title')}</a>
      </p>
    </Layout>
  );
}
