import type { Context } from 'hono';
import { ProducerHome } from '../../views/withdrawals/home.js';
import type { SignedInEnv } from '../http/env.js';
import { viewCtx } from '../http/render.js';
import { producerHomeFigures } from './home.js';

/** The home page's part for a producer organisation (see src/app.tsx): its campaign so far. */
export async function producerHomeSection(c: Context<SignedInEnv>) {
  const actor = c.get('actor');
  if (actor.org?.kind !== 'producer_org') return null;
  const { db, now } = c.get('deps');
  return <ProducerHome ctx={viewCtx(c)} figures={await producerHomeFigures(db, actor, now())} />;
}
