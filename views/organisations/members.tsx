import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';
import { Layout } from '../layout.js';

export interface MemberRow {
  id: number;
  email: string;
  name: string;
  role: string;
  active: boolean;
}

export function MembersPage(props: {
  ctx: ViewCtx;
  orgId: number;
  orgName: string;
  members: MemberRow[];
  values?: FormValues;
  errors?: FieldErrors;
  invitation?: { email: string; url: string; setsPassword: boolean };
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'members.title')}>
      <h1>
        {tr(ctx, 'members.title')} · {props.orgName}
      </h1>
      <ul class="list" id="members">
        {props.members.map((m) => (
          <li>
            <strong>{m.name}</strong> {m.email} · {tr(ctx, `role.${m.role}`)}
            {!m.active && ' ⏳'}
          </li>
        ))}
      </ul>
      {props.invitation && (
        <div class="alert ok" role="status">
          <p>
            {tr(ctx, props.invitation.setsPassword ? 'members.link' : 'members.link_signin', {
              email: props.invitation.email,
            })}
          </p>
          <input readonly value={props.invitation.url} aria-label="URL" class="copy" />
        </div>
      )}
      <h2>{tr(ctx, 'members.invite')}</h2>
      <FormErrors ctx={ctx} errors={props.errors} />
      <form method="post" action={`/organisations/${props.orgId}/members`} class="card" novalidate>
        <Csrf ctx={ctx} />
        <Field
          ctx={ctx}
          name="email"
          type="email"
          label={tr(ctx, 'members.email')}
          values={props.values}
          errors={props.errors}
          required
        />
        <Field
          ctx={ctx}
          name="name"
          label={tr(ctx, 'members.name')}
          values={props.values}
          errors={props.errors}
        />
        <Select
          ctx={ctx}
          name="role"
          label={tr(ctx, 'members.role')}
          values={props.values}
          errors={props.errors}
          options={[
            ['member', tr(ctx, 'role.member')],
            ['manager', tr(ctx, 'role.manager')],
          ]}
        />
        <button type="submit">{tr(ctx, 'members.send')}</button>
      </form>
    </Layout>
  );
}
