import type { Child } from 'hono/jsx';

/** The SSE connection of a page: named events become DOM events that bubble to <body>. */
export const LiveEvents = () => (
  <>
    <div hidden hx-sse:connect="/events" />
    <script src="/static/live.js" defer></script>
  </>
);

/**
 * A region that reloads itself (hx-get `src`) when one of `events` arrives over SSE, e.g.
 * events={['donation-posted', 'donation-claimed']}. The page must use <Layout sse>.
 * With `poll` (no event bus: Workers) it reloads every 15 s instead, and opens no stream.
 * Without JavaScript it is just its content.
 */
export function LiveRegion(props: {
  id: string;
  src: string;
  events: string[];
  poll?: boolean;
  children?: Child;
  class?: string;
}) {
  return (
    <>
      {!props.poll && <LiveEvents />}
      <div
        id={props.id}
        class={props.class}
        hx-get={props.src}
        hx-trigger={props.poll ? 'every 15s' : props.events.map((e) => `${e} from:body`).join(', ')}
        hx-swap="innerHTML"
        aria-live="polite"
      >
        {props.children}
      </div>
    </>
  );
}

/** Every change that can add or remove a donation from a feed or a list. */
export const DONATION_EVENTS = [
  'donation-posted',
  'donation-claimed',
  'donation-released',
  'donation-cancelled',
  'donation-picked-up',
  'donation-expired',
];
