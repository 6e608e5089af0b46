import type { ChoicePage } from '../../src/notifications/choice-form.js';
import { Csrf } from '../components/fields.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';

const asList = (v: unknown): string[] =>
  v == null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

/**
 * /account/notifications: for each kind of message, how to be told (push, e-mail, SMS), and the
 * quiet hours. A plain form (no JavaScript); SMS is offered only with a verified phone, push only with a
 * device registered on /notifications. `values`: the form sent back with its errors.
 */
export function ChoicesPage(props: {
  ctx: ViewCtx;
  page: ChoicePage;
  saved?: boolean;
  errors?: FieldErrors;
  values?: FormValues;
}) {
  const { ctx, page, errors, values } = props;
  const channels = (['push', 'email', 'sms'] as const).filter(
    (c) => (c !== 'sms' || page.hasPhone) && (c !== 'push' || page.hasPush),
  );
  const quietOn = values ? values.quiet === 'on' : page.quietFrom != null;
  const time = (name: 'quietFrom' | 'quietUntil', current: string | null) => {
    const err = errors?.[name];
    return (
      <div class={`field${err ? ' has-error' : ''}`}>
        <label for={`f-${name}`}>{tr(ctx, `choices.${name}`)}</label>
        <input
          id={`f-${name}`}
          name={name}
          type="time"
          value={String(values?.[name] ?? current ?? (name === 'quietFrom' ? '21:00' : '07:00'))}
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={err ? `f-${name}-err` : undefined}
        />
        {err && (
          <p class="error" id={`f-${name}-err`}>
            {tr(ctx, err)}
          </p>
        )}
      </div>
    );
  };
  return (
    <Layout ctx={ctx} title={tr(ctx, 'choices.title')}>
      <h1>{tr(ctx, 'choices.title')}</h1>
      <p>{tr(ctx, 'choices.intro')}</p>
      {props.saved && (
        <div class="alert ok" role="status" id="choices-saved">
          {tr(ctx, 'choices.saved')}
        </div>
      )}
      {errors && (
        <div class="alert error" role="alert">
          {tr(ctx, 'choices.err.form')}
        </div>
      )}
      {!page.hasPush && (
        <p id="no-device">
          {tr(ctx, 'choices.no_device')}{' '}
          <a href="/notifications">{tr(ctx, 'choices.add_device')}</a>
        </p>
      )}
      {!page.hasPhone && !page.phoneUnverified && (
        <p id="no-phone">
          {tr(ctx, 'choices.no_phone')} <a href="/account">{tr(ctx, 'choices.add_phone')}</a>
        </p>
      )}
      {page.phoneUnverified && (
        <p id="phone-unverified">
          {tr(ctx, 'choices.phone_unverified')}{' '}
          <a href="/account#phone">{tr(ctx, 'choices.verify_phone')}</a>
        </p>
      )}
      <form method="post" action="/account/notifications" id="choices">
        <Csrf ctx={ctx} />
        {page.kinds.length === 0 && <p>{tr(ctx, 'choices.none')}</p>}
        {page.kinds.map(({ kind, channels: current }) => {
          const name = `c_${kind}`;
          const err = errors?.[name];
          const ticked = values ? asList(values[name]) : current;
          return (
            <fieldset class={err ? 'has-error' : undefined} id={`kind-${kind}`}>
              <legend>{tr(ctx, `choices.kind.${kind}`)}</legend>
              <div class="checks">
                {channels.map((c) => (
                  <label>
                    <input type="checkbox" name={name} value={c} checked={ticked.includes(c)} />{' '}
                    {tr(ctx, `choices.channel.${c}`)}
                  </label>
                ))}
              </div>
              {err && (
                <p class="error" id={`f-${name}-err`}>
                  {tr(ctx, err)}
                </p>
              )}
            </fieldset>
          );
        })}
        <fieldset id="quiet-hours">
          <legend>{tr(ctx, 'choices.quiet')}</legend>
          <p>
            <small>{tr(ctx, 'choices.quiet_hint')}</small>
          </p>
          <label>
            <input type="checkbox" name="quiet" value="on" checked={quietOn} />{' '}
            {tr(ctx, 'choices.quiet_on')}
          </label>
          {time('quietFrom', page.quietFrom)}
          {time('quietUntil', page.quietUntil)}
        </fieldset>
        <button type="submit" class="big">
          {tr(ctx, 'choices.submit')}
        </button>
      </form>
    </Layout>
  );
}
