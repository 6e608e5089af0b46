import type { Child } from 'hono/jsx';
import { inputNumber } from '../../src/i18n/format.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';

export const Csrf = ({ ctx }: { ctx: ViewCtx }) => (
  <input type="hidden" name="_csrf" value={ctx.csrf} />
);

const str = (v: unknown) => (v == null ? '' : String(v));

/** A labelled input with its error message right under it, linked for screen readers. */
export function Field(props: {
  ctx: ViewCtx;
  name: string;
  label: string;
  values?: FormValues;
  errors?: FieldErrors;
  type?: string;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  inputmode?: string;
  step?: string;
  min?: string;
  max?: string;
  maxlength?: number;
  pattern?: string;
  value?: unknown;
  /** the first field in error: the page opens on it (no script needed) */
  autofocus?: boolean;
}) {
  const id = `f-${props.name}`;
  const err = props.errors?.[props.name];
  const given = props.value ?? props.values?.[props.name];
  // a stored number reads "3,5" on a French page (as typed), not "3.5"; the server reads both.
  // type=number keeps "3.5": the browser shows it in its own way
  const value =
    typeof given === 'number' && props.type !== 'number'
      ? inputNumber(props.ctx.lang, given)
      : str(given);
  const describedBy = [err ? `${id}-err` : '', props.hint ? `${id}-hint` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? '' : value}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode as any}
        step={props.step}
        min={props.min}
        max={props.max}
        maxlength={props.maxlength}
        pattern={props.pattern}
        autofocus={props.autofocus}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      {err && (
        <p class="error" id={`${id}-err`}>
          {tr(props.ctx, err)}
        </p>
      )}
    </div>
  );
}

/** A labelled textarea with its hint and its error message under it, like Field. */
export function TextArea(props: {
  ctx: ViewCtx;
  name: string;
  label: string;
  values?: FormValues;
  errors?: FieldErrors;
  hint?: string;
  rows?: number;
  maxlength?: number;
}) {
  const id = `f-${props.name}`;
  const err = props.errors?.[props.name];
  const describedBy = [props.hint ? `${id}-hint` : '', err ? `${id}-err` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        maxlength={props.maxlength}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      >
        {str(props.values?.[props.name])}
      </textarea>
      {err && (
        <p class="error" id={`${id}-err`}>
          {tr(props.ctx, err)}
        </p>
      )}
    </div>
  );
}

export function Select(props: {
  ctx: ViewCtx;
  name: string;
  label: string;
  options: [string, string][];
  values?: FormValues;
  errors?: FieldErrors;
  value?: string;
}) {
  const id = `f-${props.name}`;
  const err = props.errors?.[props.name];
  const current = props.value ?? str(props.values?.[props.name]);
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? `${id}-err` : undefined}
      >
        {props.options.map(([v, label]) => (
          <option value={v} selected={v === current}>
            {label}
          </option>
        ))}
      </select>
      {err && (
        <p class="error" id={`${id}-err`}>
          {tr(props.ctx, err)}
        </p>
      )}
    </div>
  );
}

export function FormErrors({ ctx, errors }: { ctx: ViewCtx; errors?: FieldErrors }) {
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div class="alert error" role="alert">
      {errors._ ? tr(ctx, errors._) : tr(ctx, 'err.form')}
    </div>
  );
}

export const Fieldset = ({ legend, children }: { legend: string; children: Child }) => (
  <fieldset>
    <legend>{legend}</legend>
    {children}
  </fieldset>
);
