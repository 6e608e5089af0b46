import type { Context } from 'hono';
import { TerritoryHome } from '../../views/stats/home.js';
import type { SignedInEnv } from '../http/env.js';
import { viewCtx } from '../http/render.js';
import { parisToday } from '../shared/period.js';
import { territoryHomeFigures } from './home.js';

/** The home page's part for a territory (see src/app.tsx): its area this month, and links on. */
export async function territoryHomeSection(c: Context<SignedInEnv>) {
  const actor = c.get('actor');
  if (actor.org?.kind !== 'territory') return null;
  const { db, now } = c.get('deps');
  const figures = await territoryHomeFigures(db, actor, now());
  return <TerritoryHome ctx={viewCtx(c)} figures={figures} today={parisToday(now())} />;
}
