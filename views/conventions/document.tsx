import { conventionDocument } from '../../src/conventions/document.js';
import type { ConventionRecord } from '../../src/conventions/terms.js';
import type { ConventionSide } from '../../src/db/schema.js';
import { tr, type FieldErrors, type ViewCtx } from '../context.js';
import { Csrf } from '../components/fields.js';
import { Layout } from '../layout.js';

/** What the reader may do with the agreement, from its state and the side they manage. */
export function actionsFor(r: ConventionRecord, side: ConventionSide | null) {
  const pending = r.row.status === 'pending';
  const proposer = side === r.row.proposed_by_side;
  return {
    answer: pending && side != null && !proposer,
    withdraw: pending && proposer,
    end: r.row.status === 'active' && side != null,
  };
}

function ReasonForm(props: {
  ctx: ViewCtx;
  id: number;
  action: 'decline' | 'end';
  label: string;
  submit: string;
  required: boolean;
  error?: string;
}) {
  const { ctx, id } = props;
  const f = `f-${props.action}-reason`;
  return (
    <form method="post" action={`/conventions/${id}/${props.action}`} class="card">
      <Csrf ctx={ctx} />
      <div class={`field${props.error ? ' has-error' : ''}`}>
        <label for={f}>{tr(ctx, props.label)}</label>
        <input
          id={f}
          name="reason"
          maxlength={300}
          required={props.required}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? `${f}-err` : undefined}
        />
        {props.error && (
          <p class="error" id={`${f}-err`}>
            {tr(ctx, props.error)}
          </p>
        )}
      </div>
      <button type="submit" class="danger">
        {tr(ctx, props.submit)}
      </button>
    </form>
  );
}

/**
 * The agreement as a page that prints cleanly (the stylesheet's print rules drop the header,
 * the forms and the buttons), with the PDF beside it and, on screen, what the reader may do.
 */
export function ConventionPage(props: {
  ctx: ViewCtx;
  r: ConventionRecord;
  side: ConventionSide | null;
  notice?: string;
  errors?: FieldErrors;
}) {
  const { ctx, r } = props;
  const doc = conventionDocument(r, ctx.lang);
  const can = actionsFor(r, props.side);
  const id = r.row.id;
  return (
    <Layout ctx={ctx} title={doc.title}>
      <article class="cerfa convention" id="convention" data-state={r.state}>
        {props.notice && (
          <p class="alert ok noprint" role="status" id="notice">
            {tr(ctx, props.notice)}
          </p>
        )}
        {props.errors?._ && (
          <p class="alert error noprint" role="alert" id="refused">
            {tr(ctx, props.errors._)}
          </p>
        )}
        <h1>{doc.title}</h1>
        <p>
          <small>{doc.model}</small>
        </p>
        <p>
          N° {id} · {tr(ctx, 'conv.doc.state')} : <strong id="state">{doc.state}</strong>
          <span class="noprint">
            {' '}
            · <a href={`/conventions/${id}/pdf`}>{tr(ctx, 'conv.pdf')}</a>
          </span>
        </p>
        {doc.sections.map((s) => (
          <section id={`art-${s.id}`}>
            <h2>{s.title}</h2>
            {s.paragraphs.map((p) => (
              <p>{p}</p>
            ))}
            {s.list.length > 0 && (
              <ul>
                {s.list.map((x) => (
                  <li>{x}</li>
                ))}
              </ul>
            )}
            {s.fields.length > 0 && (
              <dl>
                {s.fields.map(([k, v]) => (
                  <>
                    <dt>{k}</dt>
                    <dd>{v}</dd>
                  </>
                ))}
              </dl>
            )}
          </section>
        ))}
      </article>
      <div class="noprint" id="actions">
        {can.answer && (
          <>
            <form method="post" action={`/conventions/${id}/accept`}>
              <Csrf ctx={ctx} />
              <button type="submit" class="big" id="accept">
                {tr(ctx, 'conv.accept')}
              </button>
            </form>
            <ReasonForm
              ctx={ctx}
              id={id}
              action="decline"
              label="conv.decline_reason"
              submit="conv.decline"
              required={false}
            />
          </>
        )}
        {(can.withdraw || can.end) && (
          <ReasonForm
            ctx={ctx}
            id={id}
            action="end"
            label="conv.end_reason"
            submit={can.withdraw ? 'conv.withdraw' : 'conv.end'}
            required
            error={props.errors?.reason}
          />
        )}
        <p>
          <a href="/conventions">{tr(ctx, 'conv.title')}</a>
        </p>
      </div>
    </Layout>
  );
}
