// The claim of a chilled or frozen donation "via the hub", for a partner without a fridge: who
// collects at the shop (the hub's driver, or the partner's, who brings it to the hub).
import { tr, type ViewCtx } from '../context.js';
import { Csrf } from '../components/fields.js';

export function HubClaimForm(props: {
  ctx: ViewCtx;
  donationId: number;
  hubId: number;
  hubName: string;
}) {
  const { ctx, donationId, hubId } = props;
  const name = `collector-${donationId}`;
  return (
    <form method="post" action={`/hubs/${hubId}/claims`} class="stack via-hub">
      <Csrf ctx={ctx} />
      <p class="badge">{tr(ctx, 'hub.via', { hub: props.hubName })}</p>
      <input type="hidden" name="donationId" value={String(donationId)} />
      <fieldset>
        <legend>{tr(ctx, 'hub.collector')}</legend>
        <div class="checks stacked">
          <label>
            <input type="radio" name="collector" value="hub" checked id={`${name}-hub`} />
            <span>{tr(ctx, 'hub.collector.hub')}</span>
          </label>
          <label>
            <input type="radio" name="collector" value="partner" id={`${name}-partner`} />
            <span>{tr(ctx, 'hub.collector.partner')}</span>
          </label>
        </div>
      </fieldset>
      <button type="submit">{tr(ctx, 'hub.claim')}</button>
    </form>
  );
}
