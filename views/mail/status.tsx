import { tr, trCount, type ViewCtx } from '../context.js';

export interface MailStatusInfo {
  mode: 'smtp' | 'brevo' | 'files';
  pending: number;
  failing: number;
  /** being sent when their process stopped (kill -9): never resent */
  inDoubt: number;
}

/** The admin's view of messages: how e-mail leaves (or that it is off), what waits, what fails. */
export function MailStatus({ ctx, mail }: { ctx: ViewCtx; mail: MailStatusInfo }) {
  return (
    <section id="mail-status" aria-labelledby="mail-status-title">
      <h2 id="mail-status-title">{tr(ctx, 'mail.admin.title')}</h2>
      <div class={mail.mode === 'files' ? 'alert' : 'alert ok'} role="status">
        {tr(ctx, `mail.admin.${mail.mode === 'files' ? 'off' : mail.mode}`)}
      </div>
      <p id="mail-backlog">
        {tr(ctx, 'mail.admin.backlog', {
          pending: trCount(ctx, mail.pending, 'mail.admin.pending'),
          failing: trCount(ctx, mail.failing, 'mail.admin.failing'),
        })}
      </p>
      {mail.inDoubt > 0 && (
        <p id="mail-in-doubt">{tr(ctx, 'mail.admin.inDoubt', { n: mail.inDoubt })}</p>
      )}
    </section>
  );
}
