import type { Suggestion } from '../../src/places/choose.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Field } from './fields.js';

/** Where the address part of a form stands after a try (the form's values and errors aside). */
export interface AddressState {
  /** addresses to pick from */
  suggestions?: Suggestion[];
  /** the service cannot be reached: offer the coordinates fields, folded */
  unavailable?: boolean;
}

/**
 * The suggestions, the address's message, and the last-resort coordinates: what htmx swaps as
 * the address is typed (GET /places/choices) and what the form shows again after a submit.
 * `lookup`: an address service is configured (without one, coordinates are the only way).
 */
export function AddressChoices(props: {
  ctx: ViewCtx;
  lookup: boolean;
  state?: AddressState;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, values = {}, errors = {} } = props;
  const suggestions = props.state?.suggestions ?? [];
  const chosen = String(values.place ?? '');
  const byHand = !props.lookup || props.state?.unavailable || values.byHand === '1';
  const handErrors = ['lat', 'lng', 'postcode', 'town'].some((k) => errors[k]);
  return (
    <div id="address-choices" aria-live="polite">
      {errors.address && (
        <p class="error" id="f-address-err">
          {tr(ctx, errors.address)}
        </p>
      )}
      {suggestions.length > 0 && (
        <fieldset class="suggestions">
          <legend>{tr(ctx, 'place.suggestions')}</legend>
          {suggestions.map((s) => (
            <div>
              <label>
                <input type="radio" name="place" value={s.token} checked={s.token === chosen} />{' '}
                {s.label}
              </label>
            </div>
          ))}
        </fieldset>
      )}
      {byHand && (
        <details open={!props.lookup || handErrors}>
          <summary>{tr(ctx, 'place.by_hand')}</summary>
          <input type="hidden" name="byHand" value="1" />
          <small>{tr(ctx, 'place.by_hand_hint')}</small>
          <div class="row">
            <Field
              ctx={ctx}
              name="postcode"
              label={tr(ctx, 'signup.postcode')}
              values={values}
              errors={errors}
              autocomplete="postal-code"
              inputmode="numeric"
            />
            <Field
              ctx={ctx}
              name="town"
              label={tr(ctx, 'signup.town')}
              values={values}
              errors={errors}
              autocomplete="address-level2"
            />
          </div>
          <div class="row">
            <Field
              ctx={ctx}
              name="lat"
              label={tr(ctx, 'signup.lat')}
              values={values}
              errors={errors}
              inputmode="decimal"
            />
            <Field
              ctx={ctx}
              name="lng"
              label={tr(ctx, 'signup.lng')}
              values={values}
              errors={errors}
              inputmode="decimal"
            />
          </div>
        </details>
      )}
    </div>
  );
}

/**
 * The address field of the sign-up, profile and admin forms: type it, pick a suggestion (htmx
 * asks the server, a few characters in), or "Je suis sur place" (static/address.js asks the
 * browser's position, the server names it). Without JavaScript the form, sent, lists the
 * addresses found to pick from. `saved`: the label of the place stored now (the profile).
 */
export function AddressField(props: {
  ctx: ViewCtx;
  lookup: boolean;
  state?: AddressState;
  values?: FormValues;
  errors?: FieldErrors;
  saved?: string | null;
}) {
  const { ctx, lookup, values = {}, errors = {} } = props;
  const err = errors.address;
  const hint = props.saved ? tr(ctx, 'place.saved', { label: props.saved }) : tr(ctx, 'place.hint');
  return (
    <div class={`field address${err ? ' has-error' : ''}`}>
      <label for="f-address">{tr(ctx, 'signup.address')}</label>
      <small id="f-address-hint">{hint}</small>
      <input
        id="f-address"
        name="address"
        type="text"
        value={String(values.address ?? '')}
        maxlength={200}
        autocomplete="street-address"
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={`f-address-hint${err ? ' f-address-err' : ''}`}
        {...(lookup && {
          'hx-get': '/places/choices',
          'hx-trigger': 'input changed delay:300ms',
          'hx-target': '#address-choices',
          'hx-swap': 'outerHTML',
          'hx-sync': 'this:replace',
          // what is picked or typed below goes along, and comes back as it was
          'hx-include': '#address-choices',
        })}
      />
      {lookup && (
        <button
          type="button"
          id="place-here"
          class="secondary"
          hidden
          data-url="/places/here"
          data-denied={tr(ctx, 'place.here_denied')}
        >
          {tr(ctx, 'place.here')}
        </button>
      )}
      <AddressChoices
        ctx={ctx}
        lookup={lookup}
        state={props.state}
        values={values}
        errors={errors}
      />
      {lookup && <script src="/static/address.js" defer></script>}
    </div>
  );
}
