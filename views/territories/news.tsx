// A territory's news to the organisations of its area: the form, what it sent, and what they see.
import { formatDateTime } from '../../src/shared/time.js';
import { tr, trCount, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors } from '../components/fields.js';
import { Layout } from '../layout.js';

export interface NewsItem {
  id: number;
  title: string;
  body: string;
  created_at: Date;
}
export interface SentNews extends NewsItem {
  author: string | null;
  recipients: number;
  organisations: number;
}

/** The text as typed: one paragraph per blank line, its line ends kept. */
export const NewsBody = ({ body }: { body: string }) => (
  <>
    {body.split(/\n\s*\n/).map((p) => (
      <p>
        {p
          .trim()
          .split('\n')
          .map((line, i) => (i ? [<br />, line] : line))}
      </p>
    ))}
  </>
);

export function NewsPage({
  ctx,
  items,
  leftToday,
  values = {},
  errors,
  sent,
}: {
  ctx: ViewCtx;
  items: SentNews[];
  leftToday: number;
  values?: FormValues;
  errors?: FieldErrors;
  /** just sent, to how many people */
  sent?: number | null;
}) {
  const e = errors;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'territory.news.title')}>
      <h1>{tr(ctx, 'territory.news.title')}</h1>
      <p>{tr(ctx, 'territory.news.intro')}</p>
      {sent != null && (
        <p class="alert" role="status" id="news-sent">
          {tr(ctx, 'territory.news.sent', { n: sent })}
        </p>
      )}
      <form method="post" action="/territory/news" class="card" id="news-form" novalidate>
        <Csrf ctx={ctx} />
        <FormErrors ctx={ctx} errors={e} />
        <Field
          ctx={ctx}
          name="title"
          label={tr(ctx, 'territory.news.field_title')}
          values={values}
          errors={e}
          required
          maxlength={120}
        />
        <div class={`field${e?.body ? ' has-error' : ''}`}>
          <label for="f-body">{tr(ctx, 'territory.news.field_body')}</label>
          <small id="f-body-hint">{tr(ctx, 'territory.news.body_hint')}</small>
          <textarea
            id="f-body"
            name="body"
            rows={6}
            maxlength={2000}
            required
            aria-invalid={e?.body ? 'true' : undefined}
            aria-describedby={e?.body ? 'f-body-hint f-body-err' : 'f-body-hint'}
          >
            {String(values.body ?? '')}
          </textarea>
          {e?.body && (
            <p class="error" id="f-body-err">
              {tr(ctx, e.body)}
            </p>
          )}
        </div>
        <p class="factor" id="news-left">
          {tr(ctx, 'territory.news.left', { n: leftToday })}
        </p>
        <button type="submit" class="big" disabled={leftToday === 0}>
          {tr(ctx, 'territory.news.send')}
        </button>
      </form>
      <h2>{tr(ctx, 'territory.news.list')}</h2>
      {items.length === 0 && <p>{tr(ctx, 'territory.news.none')}</p>}
      <div id="news-list">
        {items.map((n) => (
          <article class="card" id={`news-${n.id}`}>
            <h3>{n.title}</h3>
            <p class="factor">
              {tr(ctx, 'territory.news.meta', {
                when: formatDateTime(n.created_at, ctx.lang),
                who: n.author ?? '—',
                orgs: trCount(ctx, n.organisations, 'territory.news.orgs'),
                people: trCount(ctx, n.recipients, 'territory.news.people'),
              })}
            </p>
            <NewsBody body={n.body} />
          </article>
        ))}
      </div>
    </Layout>
  );
}

/** On an organisation's home page: the news its territory sent it lately. */
export function HomeNews({
  ctx,
  items,
}: {
  ctx: ViewCtx;
  items: (NewsItem & { territory: string })[];
}) {
  return (
    <section id="territory-news" aria-labelledby="territory-news-title">
      <h2 id="territory-news-title">{tr(ctx, 'territory.news.home_title')}</h2>
      {items.map((n) => (
        <article class="card" id={`home-news-${n.id}`}>
          <h3>{n.title}</h3>
          <p class="factor">
            {n.territory} · {formatDateTime(n.created_at, ctx.lang)}
          </p>
          <NewsBody body={n.body} />
        </article>
      ))}
    </section>
  );
}

/** On the territory's home page: where to write to the area and to see what it lacks. */
export function TerritoryCoordination({ ctx, latest }: { ctx: ViewCtx; latest: SentNews[] }) {
  return (
    <section id="territory-coordination" aria-labelledby="territory-coordination-title">
      <h2 id="territory-coordination-title">{tr(ctx, 'territory.home.title')}</h2>
      <ul>
        <li>
          <a href="/territory/news">{tr(ctx, 'territory.news.title')}</a>
        </li>
        <li>
          <a href="/territory/coverage">{tr(ctx, 'territory.coverage.title')}</a>
        </li>
      </ul>
      {latest.length > 0 && (
        <>
          <h3>{tr(ctx, 'territory.news.list')}</h3>
          <ul id="home-sent-news">
            {latest.map((n) => (
              <li>
                {n.title} <small>({formatDateTime(n.created_at, ctx.lang)})</small>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
