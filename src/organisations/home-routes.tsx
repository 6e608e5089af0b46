import type { Context } from 'hono';
import { AdminHome } from '../../views/admin/home.js';
import type { SignedInEnv } from '../http/env.js';
import { viewCtx } from '../http/render.js';
import { countPendingApprovals } from './domain.js';

/** The home page's part for the platform admin (see src/app.tsx): approvals waiting. */
export async function adminHomeSection(c: Context<SignedInEnv>) {
  const actor = c.get('actor');
  if (!actor.user.is_admin) return null;
  const pending = await countPendingApprovals(c.get('deps').db, actor);
  return <AdminHome ctx={viewCtx(c)} pending={pending} />;
}
