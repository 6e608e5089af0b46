// The parts of a donation's page that are not its order: contacts and the driver's form.
import type { PickupContacts } from '../../src/donations/contacts.js';
import type { DonationView } from '../../src/donations/donation.js';
import { frenchPhoneText } from '../../src/shared/phone.js';
import { parisTime } from '../../src/shared/time.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field } from '../components/fields.js';

/** A number to tap: `tel:` dials it, shown as a French reader writes it. */
function Phone({ ctx, e164 }: { ctx: ViewCtx; e164: string }) {
  const text = frenchPhoneText(e164);
  return (
    <a href={`tel:${e164}`} aria-label={tr(ctx, 'don.call', { phone: text })}>
      {text}
    </a>
  );
}

/** The shop's way in and the driver, as far as the viewer may know them. */
export function Contacts({ ctx, contacts }: { ctx: ViewCtx; contacts: PickupContacts }) {
  const { shop, driver } = contacts;
  return (
    <>
      {shop?.accessNotes && (
        <>
          <dt>{tr(ctx, 'don.access')}</dt>
          <dd id="access-notes">
            {shop.accessNotes.split(/\r?\n/).map((line, i) => (
              <>
                {i > 0 && <br />}
                {line}
              </>
            ))}
          </dd>
        </>
      )}
      {shop?.pickupPhone && (
        <>
          <dt>{tr(ctx, 'don.pickup_phone')}</dt>
          <dd id="pickup-phone">
            <Phone ctx={ctx} e164={shop.pickupPhone} />
          </dd>
        </>
      )}
      {driver && (
        <>
          <dt>{tr(ctx, 'don.driver')}</dt>
          <dd id="driver">
            {driver.name}
            {driver.phone && (
              <>
                {' · '}
                <Phone ctx={ctx} e164={driver.phone} />
              </>
            )}
          </dd>
        </>
      )}
    </>
  );
}

/** "Je suis en route": the driver tells the shop when they expect to arrive. */
export function OnTheWayForm(props: {
  ctx: ViewCtx;
  d: DonationView;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, d } = props;
  const values = { arrivalTime: d.arrival_at ? parisTime(d.arrival_at) : '', ...props.values };
  return (
    <form method="post" action={`/donations/${d.id}/on-the-way`} class="card" id="on-the-way">
      <Csrf ctx={ctx} />
      {d.arrival_at && (
        <p class="alert success" role="status" id="on-the-way-said">
          {tr(ctx, 'don.arriving_said', { time: parisTime(d.arrival_at) })}
        </p>
      )}
      <Field
        ctx={ctx}
        name="arrivalTime"
        type="time"
        label={tr(ctx, 'don.arrival')}
        values={values}
        errors={props.errors}
      />
      <button type="submit" class="secondary">
        {tr(ctx, d.arrival_at ? 'don.on_the_way_again' : 'don.on_the_way')}
      </button>
    </form>
  );
}
