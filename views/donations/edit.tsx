// The shop changes a donation nobody has claimed yet: the posting form, filled in.
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';
import { DonationForm } from './form.js';

export function EditDonationPage(props: {
  ctx: ViewCtx;
  id: number;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'don.edit.title')}>
      <h1>{tr(ctx, 'don.edit.title')}</h1>
      <DonationForm
        ctx={ctx}
        values={props.values}
        errors={props.errors}
        action={`/donations/${props.id}/edit`}
        submit="don.edit.submit"
      />
      <p>
        <a class="button secondary" href={`/donations/${props.id}`}>
          {tr(ctx, 'don.confirm.back')}
        </a>
      </p>
    </Layout>
  );
}
