import { formatDateTime } from '../../src/shared/time.js';
import { Csrf } from '../components/fields.js';
import { tr, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';

export interface DeviceRow {
  id: number;
  endpoint: string;
  user_agent: string | null;
  created_at: Date;
}

/** A short, human name for a device: browser and system from its user agent. */
function deviceName(ua: string | null) {
  if (!ua) return '?';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} · ${os}` : browser;
}

/**
 * Turning push on needs the browser (PushManager), so those buttons come alive with
 * /static/notifications.js; the list of devices, removing one and the test work without it.
 */
export function NotificationsPage(props: {
  ctx: ViewCtx;
  publicKey: string;
  devices: DeviceRow[];
  testSent?: number | null;
  removed?: boolean;
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'push.page.title')}>
      <h1>{tr(ctx, 'push.page.title')}</h1>
      <p>{tr(ctx, 'push.page.intro')}</p>
      {props.testSent != null && (
        <div class="alert ok" role="status">
          {tr(ctx, 'push.page.test_sent', { n: props.testSent })}
        </div>
      )}
      {props.removed && (
        <div class="alert ok" role="status">
          {tr(ctx, 'push.page.removed')}
        </div>
      )}
      <section
        class="card"
        id="this-device"
        data-public-key={props.publicKey}
        data-csrf={ctx.csrf}
        data-endpoint="/notifications/subscriptions"
        data-sw="/static/sw.js"
      >
        {/* one sentence per state, chosen by the script; without it, the no-JS sentence */}
        <p
          id="push-state"
          role="status"
          aria-live="polite"
          data-unsupported={tr(ctx, 'push.page.unsupported')}
          data-denied={tr(ctx, 'push.page.denied')}
          data-off={tr(ctx, 'push.page.state_off')}
          data-on={tr(ctx, 'push.page.state_on')}
          data-failed={tr(ctx, 'push.page.failed')}
          data-refused={tr(ctx, 'push.page.refused')}
        >
          <noscript>{tr(ctx, 'push.page.nojs')}</noscript>
        </p>
        <button type="button" id="push-on" hidden>
          {tr(ctx, 'push.page.on')}
        </button>
        <button type="button" id="push-off" hidden>
          {tr(ctx, 'push.page.off')}
        </button>
      </section>
      <h2>{tr(ctx, 'push.page.devices')}</h2>
      {props.devices.length === 0 ? (
        <p id="devices">{tr(ctx, 'push.page.none')}</p>
      ) : (
        <ul class="list" id="devices">
          {props.devices.map((d) => (
            <li>
              {deviceName(d.user_agent)} ·{' '}
              {tr(ctx, 'push.page.since', { date: formatDateTime(d.created_at, ctx.lang) })}
              <form method="post" action={`/notifications/devices/${d.id}/delete`} class="inline">
                <Csrf ctx={ctx} />
                <button type="submit" class="link">
                  {tr(ctx, 'push.page.remove')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {/* a test goes to the devices registered: none, nothing to test */}
      {props.devices.length > 0 && (
        <form method="post" action="/notifications/test">
          <Csrf ctx={ctx} />
          <button type="submit" id="push-test">
            {tr(ctx, 'push.page.test')}
          </button>
        </form>
      )}
      <script src="/static/notifications.js" defer></script>
    </Layout>
  );
}
