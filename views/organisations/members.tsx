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

/** The invitation just made: its link, and whether it went by e-mail. */
export interface InvitationShown {
  email: string;
  url: string;
  setsPassword: boolean;
  mailed: boolean;
}

/**
 * The link to copy, with "copy" and "share" buttons that /static/share.js adds where the browser
 * can (navigator.clipboard, navigator.share): without them (or without JavaScript) the field stays.
 */
function InvitationLink(props: InvitationShown & { ctx: ViewCtx; orgName: string }) {
  const { ctx } = props;
  const said = props.setsPassword ? 'members.link' : 'members.link_signin';
  return (
    <div class="alert ok" role="status" id="invitation">
      {props.mailed && (
        <p id="invitation-mailed">{tr(ctx, 'members.sent', { email: props.email })}</p>
      )}
      <p>{tr(ctx, said, { email: props.email })}</p>
      <input readonly value={props.url} aria-label="URL" class="copy" id="invitation-url" />
      <p
        class="actions"
        id="invitation-actions"
        data-copy="#invitation-url"
        data-copy-label={tr(ctx, 'members.copy')}
        data-copied-label={tr(ctx, 'members.copied')}
        data-share-url={props.url}
        data-share-title={tr(ctx, 'members.share_text', { organisation: props.orgName })}
        data-share-label={tr(ctx, 'members.share')}
      ></p>
      <script src="/static/share.js" defer></script>
    </div>
  );
}

export function MembersPage(props: {
  ctx: ViewCtx;
  orgId: number;
  orgName: string;
  members: MemberRow[];
  values?: FormValues;
  errors?: FieldErrors;
  invitation?: InvitationShown;
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
        <InvitationLink ctx={ctx} orgName={props.orgName} {...props.invitation} />
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
        <button type="submit">{tr(ctx, 'members.send_mail')}</button>
      </form>
    </Layout>
  );
}
